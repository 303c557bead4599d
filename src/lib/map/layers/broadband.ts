import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { BroadbandIndicator } from '#lib/types.ts';
import type { ClassedScale } from '../legend.ts';
import type { Theme } from '../theme.ts';

export const BROADBAND_LAYER_IDS = { fill: 'broadband-fill', line: 'broadband-line' } as const;

/**
 * The broadband choropleth: each municipality coloured by the chosen indicator's class; grey where
 * the figure is not available, pink where the source figure is unreliable.
 */
export function broadbandLayers(
	source: string,
	theme: Theme,
	options: { indicator: BroadbandIndicator; scale: ClassedScale; opacity?: number }
): LayerSpecification[] {
	const value: ExpressionSpecification = ['get', options.indicator];
	const classed: ExpressionSpecification =
		options.scale.breaks.length === 0
			? ['literal', options.scale.colors[0]]
			: ([
					'step',
					['to-number', value],
					options.scale.colors[0],
					...options.scale.breaks.flatMap((b, i) => [b, options.scale.colors[i + 1]])
				] as unknown as ExpressionSpecification);
	return [
		{
			id: BROADBAND_LAYER_IDS.fill,
			type: 'fill',
			source,
			paint: {
				// The outline layer above draws the edges: no antialiasing pass (a second draw of every
				// edge, and a shader program of its own).
				'fill-antialias': false,
				'fill-color': [
					'case',
					...(options.indicator === 'ftth_household_share'
						? [['==', ['get', 'ftth_household_share_reliability'], 'unreliable'], theme.unreliable]
						: []),
					['==', value, null],
					theme.noData,
					classed
				] as unknown as ExpressionSpecification,
				'fill-opacity': options.opacity ?? 0.8
			}
		},
		{
			id: BROADBAND_LAYER_IDS.line,
			type: 'line',
			source,
			paint: {
				'line-color': theme.choroplethLine,
				'line-width': 0.8,
				'line-opacity': options.opacity ?? 0.8
			}
		}
	];
}
