import { scaleQuantile, scaleThreshold } from 'd3-scale';

/** A classed colour scale: `colors[i]` paints values in [breaks[i-1], breaks[i]). */
export interface ClassedScale {
	breaks: number[];
	colors: string[];
}

/** Fixed classes for a percentage: every map of the same indicator reads the same way. */
export function percentageClasses(colors: readonly string[]): ClassedScale {
	const step = 100 / colors.length;
	const breaks = colors.slice(1).map((_, i) => Math.round(step * (i + 1)));
	const scale = scaleThreshold<number, string>()
		.domain(breaks)
		.range([...colors]);
	return { breaks: scale.domain(), colors: scale.range() };
}

/**
 * Quantile classes for counts: about the same number of municipalities in each class. Breaks are
 * rounded to whole numbers and repeated breaks merged, so a class never claims an empty interval.
 */
export function quantileClasses(values: number[], colors: readonly string[]): ClassedScale {
	const known = values.filter((v) => Number.isFinite(v));
	if (known.length === 0) return { breaks: [], colors: [colors[0]] };
	const quantiles = scaleQuantile<string>()
		.domain(known)
		.range([...colors])
		.quantiles();
	const breaks = [...new Set(quantiles.map((q) => Math.round(q)))].filter(
		(b) => b > Math.min(...known)
	);
	return { breaks, colors: colors.slice(0, breaks.length + 1) };
}

/** The class of a value (index into `colors`), as the map's `step` expression computes it. */
export function classOf(value: number, scale: ClassedScale): number {
	return scale.breaks.filter((b) => value >= b).length;
}

/** Legend rows: each class with its bounds, "≥ a and < b", for the reader. */
export function legendRows(
	scale: ClassedScale
): { color: string; from: number | null; to: number | null }[] {
	return scale.colors.map((color, i) => ({
		color,
		from: i === 0 ? null : scale.breaks[i - 1],
		to: i === scale.breaks.length ? null : scale.breaks[i]
	}));
}
