import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { projectToSvg, type SvgMap } from '../../src/lib/map/svg-map.ts';

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

/** The rings of SVG path data ("M x,y L x,y … Z"), as [x, y] positions. */
function ringsOf(d: string): Position[][] {
	return d
		.split('M')
		.filter(Boolean)
		.map((ring) => [...ring.matchAll(/(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [+m[1], +m[2]]));
}

function boundsOf(d: string) {
	const points = ringsOf(d).flat();
	const xs = points.map((p) => p[0]);
	const ys = points.map((p) => p[1]);
	return {
		left: Math.min(...xs),
		right: Math.max(...xs),
		top: Math.min(...ys),
		bottom: Math.max(...ys)
	};
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

	it('keeps every vertex inside the padded frame, and fills it in one direction', () => {
		const all = map.shapes.map((s) => boundsOf(s.d));
		const left = Math.min(...all.map((b) => b.left));
		const right = Math.max(...all.map((b) => b.right));
		const top = Math.min(...all.map((b) => b.top));
		const bottom = Math.max(...all.map((b) => b.bottom));
		expect(left).toBeGreaterThanOrEqual(10);
		expect(right).toBeLessThanOrEqual(390);
		expect(top).toBeGreaterThanOrEqual(10);
		expect(bottom).toBeLessThanOrEqual(290);
		// 0.2° × 0.1° at 43.85°N is wider than tall: it spans the frame's width.
		expect(right - left).toBeCloseTo(380, 0);
	});
	it('puts north up, west left, and keeps the cos(latitude) aspect', () => {
		const a = boundsOf(map.shapes[0].d);
		const b = boundsOf(map.shapes[1].d);
		expect(a.right).toBeCloseTo(b.left, 1);
		expect((a.right - a.left) / (a.bottom - a.top)).toBeCloseTo(
			Math.cos((43.85 * Math.PI) / 180),
			2
		);
	});
	it('draws a small polygon small, whichever way its rings wind', () => {
		const clockwise = square(10.5, 43.8, 0.1);
		clockwise.coordinates[0][0].reverse();
		const drawn = projectToSvg(
			{
				type: 'FeatureCollection',
				features: [{ type: 'Feature', properties: {}, geometry: clockwise }]
			},
			{ width: 100, height: 100, padding: 0 }
		);
		const bounds = boundsOf(drawn.shapes[0].d);
		expect([bounds.left, bounds.top, bounds.right, bounds.bottom].map(Math.round)).toEqual([
			14, 0, 86, 100
		]);
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
		const square_ = boundsOf(map.shapes[0].d);
		// The north-west corner of the square is where the point is.
		expect(map.marks[0]).toEqual({ kind: 'point', x: square_.left, y: square_.top });
		expect(map.marks[1].kind).toBe('line');
		const [[start, end]] = ringsOf((map.marks[1] as { d: string }).d);
		// Both ends on the square's southern edge, at its corners.
		expect(start).toEqual([square_.left, square_.bottom]);
		expect(end).toEqual([square_.right, square_.bottom]);
	});
});

describe('projectToSvg on real boundaries (tests/fixtures/svg-map)', () => {
	const fixture: {
		options: { width: number; height: number; padding: number };
		overlay: Geometry[];
		collection: FeatureCollection<MultiPolygon, { istat: string; name: string }>;
		expected: SvgMap<{ istat: string; name: string }>;
	} = JSON.parse(
		readFileSync(new URL('../fixtures/svg-map/four-municipalities.json', import.meta.url), 'utf8')
	);
	const map = projectToSvg(fixture.collection, { ...fixture.options, overlay: fixture.overlay });
	const lucca = fixture.collection.features.findIndex((f) => f.properties.istat === '046017');
	const sanMichele = fixture.overlay[0] as { type: 'Point'; coordinates: Position };

	it('projects a point inside Lucca inside Lucca’s drawn shape', () => {
		// The fixture's point really is in Lucca, and in no other of the four.
		const inside = fixture.collection.features.map((f) =>
			booleanPointInPolygon(sanMichele.coordinates, f.geometry)
		);
		expect(inside.map((x, i) => (x ? i : -1)).filter((i) => i >= 0)).toEqual([lucca]);
		const mark = map.marks[0] as { x: number; y: number };
		const drawn = ringsOf(map.shapes[lucca].d);
		const asPolygon = { type: 'Polygon' as const, coordinates: drawn.map((r) => [...r, r[0]]) };
		expect(booleanPointInPolygon([mark.x, mark.y], asPolygon)).toBe(true);
		const bounds = boundsOf(map.shapes[lucca].d);
		expect(mark.x).toBeGreaterThan(bounds.left);
		expect(mark.x).toBeLessThan(bounds.right);
		expect(mark.y).toBeGreaterThan(bounds.top);
		expect(mark.y).toBeLessThan(bounds.bottom);
	});

	it('draws what the equirectangular projection it replaced drew, to within a unit', () => {
		expect(map.shapes.map((s) => s.properties)).toEqual(
			fixture.expected.shapes.map((s) => s.properties)
		);
		map.shapes.forEach((shape, index) => {
			const now = ringsOf(shape.d).flat();
			const before = ringsOf(fixture.expected.shapes[index].d).flat();
			// d3 drops each ring's closing vertex and may wind it the other way: compare as sets.
			const distinctBefore = new Set(before.map((p) => p.join(' ')));
			expect(now.length).toBe(distinctBefore.size);
			for (const [x, y] of now) {
				const nearest = Math.min(...before.map(([bx, by]) => Math.hypot(bx - x, by - y)));
				expect(nearest).toBeLessThan(1);
			}
		});
		const [point, line] = map.marks;
		const [pointBefore, lineBefore] = fixture.expected.marks;
		expect(point.kind).toBe('point');
		const { x, y } = point as { x: number; y: number };
		const old = pointBefore as { x: number; y: number };
		expect(Math.hypot(x - old.x, y - old.y)).toBeLessThan(1);
		const vertices = ringsOf((line as { d: string }).d)[0];
		const verticesBefore = ringsOf((lineBefore as { d: string }).d)[0];
		expect(vertices).toHaveLength(verticesBefore.length);
		vertices.forEach(([vx, vy], i) =>
			expect(Math.hypot(vx - verticesBefore[i][0], vy - verticesBefore[i][1])).toBeLessThan(1)
		);
	});
});
