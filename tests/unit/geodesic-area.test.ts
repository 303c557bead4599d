import { describe, expect, it } from 'vitest';
import { geodesicAreaKm2 } from '../../src/lib/geodata/municipalities.ts';

// Independent check: the area between two parallels and two meridians on the WGS84 ellipsoid,
// from the authalic-latitude formula (no geodesic library involved).
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const B = A * (1 - F);
function q(latDeg: number) {
	const s = Math.sin((latDeg * Math.PI) / 180);
	return s / (1 - E2 * s * s) + (1 / (2 * E)) * Math.log((1 + E * s) / (1 - E * s));
}
function cellAreaKm2(west: number, south: number, east: number, north: number) {
	return ((((((east - west) * Math.PI) / 180) * (B * B)) / 2) * (q(north) - q(south))) / 1e6;
}

const rectangle = (w: number, s: number, e: number, n: number) => ({
	type: 'Polygon' as const,
	coordinates: [
		[
			[w, s],
			[e, s],
			[e, n],
			[w, n],
			[w, s]
		]
	]
});

describe('geodesicAreaKm2', () => {
	it('matches the ellipsoidal area of a small cell at Lucca within 0.01%', () => {
		const expected = cellAreaKm2(10.5, 43.8, 10.55, 43.85);
		expect(geodesicAreaKm2(rectangle(10.5, 43.8, 10.55, 43.85)) / expected).toBeCloseTo(1, 4);
	});
	it('does not depend on ring orientation', () => {
		const ccw = rectangle(10.5, 43.8, 10.55, 43.85);
		const cw = { ...ccw, coordinates: [ccw.coordinates[0].slice().reverse()] };
		expect(geodesicAreaKm2(cw)).toBeCloseTo(geodesicAreaKm2(ccw), 9);
	});
	it('subtracts holes and adds the parts of a multipolygon', () => {
		const outer = rectangle(10.5, 43.8, 10.6, 43.9).coordinates[0];
		const hole = rectangle(10.52, 43.82, 10.54, 43.84).coordinates[0].slice().reverse();
		const withHole = geodesicAreaKm2({ type: 'Polygon', coordinates: [outer, hole] });
		expect(withHole).toBeCloseTo(
			cellAreaKm2(10.5, 43.8, 10.6, 43.9) - cellAreaKm2(10.52, 43.82, 10.54, 43.84),
			2
		);
		const multi = geodesicAreaKm2({
			type: 'MultiPolygon',
			coordinates: [
				rectangle(10.5, 43.8, 10.6, 43.9).coordinates,
				rectangle(10.7, 43.8, 10.8, 43.9).coordinates
			]
		});
		expect(multi).toBeCloseTo(
			cellAreaKm2(10.5, 43.8, 10.6, 43.9) + cellAreaKm2(10.7, 43.8, 10.8, 43.9),
			2
		);
	});
});
