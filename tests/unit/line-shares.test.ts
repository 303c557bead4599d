import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { indexBoundaries, lengthsInside } from '../../src/lib/line-shares.ts';

/** A square of `size` degrees with its south-west corner at (x, y), with an optional hole. */
const square = (x: number, y: number, size = 1, hole?: number[][]): { geometry: MultiPolygon } => ({
	geometry: {
		type: 'MultiPolygon',
		coordinates: [
			[
				[
					[x, y],
					[x + size, y],
					[x + size, y + size],
					[x, y + size],
					[x, y]
				],
				...(hole ? [hole] : [])
			]
		]
	}
});
// Near the equator a degree of longitude is about as long everywhere along a parallel.
const WEST = square(0, 0);
const EAST = square(1, 0);

describe('lengthsInside', () => {
	it('cuts a line where it crosses from one area into the next, in proportion', () => {
		const [west, east] = lengthsInside(
			[
				[
					[0.5, 0.5],
					[1.5, 0.5]
				]
			],
			indexBoundaries([WEST, EAST])
		);
		expect(west).toBeGreaterThan(55);
		expect(west / east).toBeCloseTo(1, 6);
	});

	it('bug: a vertex snapped onto a boundary corner does not flip inside and outside', () => {
		// Through the shared corner (1, 1) and on out of both squares.
		const areas = [WEST, EAST];
		const [west, east] = lengthsInside(
			[
				[
					[0.5, 0.5],
					[1, 1],
					[1.5, 1.5]
				]
			],
			indexBoundaries(areas)
		);
		const [whole] = lengthsInside(
			[
				[
					[0.5, 0.5],
					[1, 1]
				]
			],
			indexBoundaries([square(0, 0, 2)])
		);
		expect(west).toBeCloseTo(whole, 9);
		expect(east).toBe(0);
	});

	it('leaves out a hole, and a long line of many short segments adds up as one', () => {
		const holed = square(0, 0, 1, [
			[0.25, 0.25],
			[0.75, 0.25],
			[0.75, 0.75],
			[0.25, 0.75],
			[0.25, 0.25]
		]);
		const straight = [
			[0.1, 0.5],
			[0.9, 0.5]
		];
		const dense = Array.from({ length: 1001 }, (_, i) => [0.1 + (0.8 * i) / 1000, 0.5]);
		const [once] = lengthsInside([straight], indexBoundaries([holed]));
		const [many] = lengthsInside([dense], indexBoundaries([{ ...holed }]));
		const [full] = lengthsInside([straight], indexBoundaries([square(0, 0)]));
		// The hole takes 0.5 of the 0.8 degrees.
		expect(once / full).toBeCloseTo(0.3 / 0.8, 6);
		expect(many).toBeCloseTo(once, 6);
	});

	it('is zero outside every area, and indexes a list once', () => {
		const areas = [WEST];
		expect(
			lengthsInside(
				[
					[
						[5, 5],
						[6, 6]
					]
				],
				indexBoundaries(areas)
			)
		).toEqual([0]);
		expect(indexBoundaries(areas)).toBe(indexBoundaries(areas));
	});
});
