import type { ComparisonCell } from './types.ts';

/** The median of values sorted ascending; null for none. */
export function median(sorted: readonly number[]): number | null {
	if (sorted.length === 0) return null;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** How many of the sorted values are strictly below `value` (binary search). */
function countBelow(sorted: readonly number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (sorted[mid] < value) low = mid + 1;
		else high = mid;
	}
	return low;
}

/**
 * Where a value stands among a group's values (sorted ascending): the group's median, and the
 * percentile as the share of the group's municipalities with a strictly lower value ("ahead of
 * 62% of Tuscan municipalities"). Unknown value or empty group: null, never a guess.
 */
export function compareTo(sorted: readonly number[], value: number | null): ComparisonCell {
	return {
		median: median(sorted),
		percentile:
			value === null || sorted.length === 0
				? null
				: (countBelow(sorted, value) / sorted.length) * 100,
		count: sorted.length
	};
}
