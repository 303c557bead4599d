import type { BroadbandIndicator, BroadbandProperties } from '#lib/types.ts';
import { percentageClasses, quantileClasses, type ClassedScale } from './legend.ts';

/** The classes for an indicator: fixed fifths for the FTTH share, quantiles for counts and changes. */
export function broadbandScale(
	indicator: BroadbandIndicator,
	features: { properties: BroadbandProperties }[],
	colors: readonly string[]
): ClassedScale {
	if (indicator === 'ftth_household_share') return percentageClasses(colors);
	const values = features
		.map((f) => f.properties[indicator])
		.filter((v): v is number => typeof v === 'number');
	return quantileClasses(values, colors);
}
