import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/lib/charts/bar-chart.ts';

describe('barChart', () => {
	it('draws bars on one scale from zero, the longest filling the width', () => {
		const { bars, max } = barChart(
			[
				{ key: 'a', value: 750 },
				{ key: 'b', value: 250 },
				{ key: 'c', value: 0 }
			],
			{ width: 300 }
		);
		expect(max).toBe(750);
		expect(bars.map((b) => b.length)).toEqual([300, 100, 0]);
	});
	it('draws nothing when every value is zero', () => {
		expect(barChart([{ key: 'a', value: 0 }], { width: 300 }).bars[0].length).toBe(0);
	});
});
