import { scaleLinear } from 'd3-scale';

export interface Bar<K> {
	key: K;
	value: number;
	/** Bar length in the chart's units; 0 for a zero value. */
	length: number;
}

/**
 * Horizontal bars on one linear scale from zero (d3-scale), so lengths compare honestly; the
 * longest bar fills `width`.
 */
export function barChart<K>(
	rows: { key: K; value: number }[],
	options: { width: number }
): { bars: Bar<K>[]; max: number } {
	const max = Math.max(0, ...rows.map((r) => r.value));
	const scale = scaleLinear()
		.domain([0, max || 1])
		.range([0, options.width]);
	return {
		max,
		bars: rows.map((r) => ({ key: r.key, value: r.value, length: scale(r.value) }))
	};
}
