import type { FeatureCollection, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { projectToSvg } from '../../src/lib/map/svg-map.ts';

const square = (w: number, s: number, d: number): MultiPolygon => ({
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[w, s],
				[w + d, s],
				[w + d, s + d],
				[w, s + d],
				[w, s]
			]
		]
	]
});

function numbers(d: string) {
	return [...d.matchAll(/-?\d+(\.\d+)?/g)].map((m) => Number(m[0]));
}

describe('projectToSvg', () => {
	const collection: FeatureCollection<MultiPolygon, { id: string }> = {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', properties: { id: 'a' }, geometry: square(10.5, 43.8, 0.1) },
			{ type: 'Feature', properties: { id: 'b' }, geometry: square(10.6, 43.8, 0.1) }
		]
	};
	const map = projectToSvg(collection, { width: 400, height: 300, padding: 10 });

	it('keeps every vertex inside the padded frame', () => {
		for (const shape of map.shapes) {
			const values = numbers(shape.d);
			const xs = values.filter((_, i) => i % 2 === 0);
			const ys = values.filter((_, i) => i % 2 === 1);
			expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
			expect(Math.max(...xs)).toBeLessThanOrEqual(390);
			expect(Math.min(...ys)).toBeGreaterThanOrEqual(10);
			expect(Math.max(...ys)).toBeLessThanOrEqual(290);
		}
	});
	it('puts north up and keeps the cos(latitude) aspect', () => {
		const [x0, y0, x1, , , y2] = numbers(map.shapes[0].d);
		// First ring: SW, SE, NE…: south is lower on screen (larger y) than north.
		expect(y0).toBeGreaterThan(y2);
		const width = x1 - x0;
		const height = y0 - y2;
		expect(width / height).toBeCloseTo(Math.cos((43.85 * Math.PI) / 180), 2);
	});
	it('draws an empty map for an empty collection', () => {
		expect(
			projectToSvg({ type: 'FeatureCollection', features: [] }, { width: 10, height: 10 }).shapes
		).toEqual([]);
	});
});

describe('projectToSvg overlay', () => {
	it('projects points and lines with the same transform as the shapes', () => {
		const base: FeatureCollection<MultiPolygon, { id: string }> = {
			type: 'FeatureCollection',
			features: [{ type: 'Feature', properties: { id: 'a' }, geometry: square(10, 43, 1) }]
		};
		const map = projectToSvg(base, {
			width: 100,
			height: 100,
			padding: 0,
			overlay: [
				{ type: 'Point', coordinates: [10, 44] },
				{
					type: 'LineString',
					coordinates: [
						[10, 43],
						[11, 43]
					]
				}
			]
		});
		const corners = numbers(map.shapes[0].d);
		const [left, top] = [Math.min(...corners.filter((_, i) => i % 2 === 0)), Math.min(...corners)];
		// The north-west corner of the square is where the point is.
		expect(map.marks[0]).toEqual({ kind: 'point', x: left, y: top });
		expect(map.marks[1].kind).toBe('line');
		const line = numbers((map.marks[1] as { d: string }).d);
		// Both ends on the square's southern edge.
		expect(line[1]).toBe(line[3]);
		expect(line[1]).toBe(Math.max(...corners.filter((_, i) => i % 2 === 1)));
	});
});
