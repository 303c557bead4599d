import { describe, expect, it } from 'vitest';
import {
	classOf,
	legendRows,
	percentageClasses,
	quantileClasses
} from '../../src/lib/map/legend.ts';

const colors = ['#1', '#2', '#3', '#4', '#5'] as const;

describe('legend classes', () => {
	it('splits percentages into fixed fifths', () => {
		expect(percentageClasses(colors)).toEqual({ breaks: [20, 40, 60, 80], colors: [...colors] });
	});
	it('puts about the same number of values in each quantile class', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		const scale = quantileClasses(values, colors);
		expect(scale.breaks).toHaveLength(4);
		const counts = [0, 0, 0, 0, 0];
		for (const v of values) counts[classOf(v, scale)]++;
		for (const count of counts) expect(count).toBeGreaterThanOrEqual(19);
	});
	it('merges classes when values repeat, never showing an empty class', () => {
		const scale = quantileClasses([0, 0, 0, 0, 0, 0, 5, 10], colors);
		expect(new Set(scale.breaks).size).toBe(scale.breaks.length);
		expect(scale.colors).toHaveLength(scale.breaks.length + 1);
	});
	it('states every class with its bounds', () => {
		expect(legendRows({ breaks: [10, 20], colors: ['#a', '#b', '#c'] })).toEqual([
			{ color: '#a', from: null, to: 10 },
			{ color: '#b', from: 10, to: 20 },
			{ color: '#c', from: 20, to: null }
		]);
	});
});
