import { describe, expect, it } from 'vitest';
import {
	candidateDistanceKm,
	distanceToGeometryKm,
	nearbyCandidates
} from '../../src/lib/impact.ts';
import { FRANCIGENA_DENSIFIED_10000 } from '../fixtures/proposals/geometries.ts';

// One minute of latitude is one nautical mile: 1.852 km, a distance to check against.
const NAUTICAL_MILE_KM = 1.852;
/** 10.4°E → 10.6°E along 43.8°N, the drawing most cases measure from. */
const EAST_WEST_LINE = {
	type: 'LineString' as const,
	coordinates: [
		[10.4, 43.8],
		[10.6, 43.8]
	]
};

describe('distanceToGeometryKm', () => {
	it('measures from a point to a line across it (one minute of latitude is ~1.85 km)', () => {
		const line = EAST_WEST_LINE;
		expect(distanceToGeometryKm([10.5, 43.8 + 1 / 60], line)).toBeCloseTo(NAUTICAL_MILE_KM, 1);
	});

	it('is zero inside an area and the distance to its edge outside', () => {
		const square = {
			type: 'Polygon' as const,
			coordinates: [
				[
					[10.4, 43.7],
					[10.6, 43.7],
					[10.6, 43.9],
					[10.4, 43.9],
					[10.4, 43.7]
				]
			]
		};
		expect(distanceToGeometryKm([10.5, 43.8], square)).toBe(0);
		expect(distanceToGeometryKm([10.5, 43.9 + 1 / 60], square)).toBeCloseTo(NAUTICAL_MILE_KM, 1);
	});
});

describe('nearbyCandidates', () => {
	it('keeps what lies within the distance, nearest first', () => {
		const line = EAST_WEST_LINE;
		const near = {
			layer: 'l',
			id: 'near',
			name: 'Vicino',
			kind: 'station',
			geometry: { type: 'Point' as const, coordinates: [10.5, 43.805] }
		};
		const nearer = {
			...near,
			id: 'nearer',
			name: 'Più vicino',
			geometry: { type: 'Point' as const, coordinates: [10.5, 43.801] }
		};
		const far = {
			...near,
			id: 'far',
			name: 'Lontano',
			geometry: { type: 'Point' as const, coordinates: [10.5, 43.9] }
		};
		expect(nearbyCandidates(line, [near, far, nearer], 1).map((p) => p.id)).toEqual([
			'nearer',
			'near'
		]);
	});

	it('finds a line feature (a single-track section) running beside the drawing', () => {
		const drawn = EAST_WEST_LINE;
		const track = {
			layer: 'bottlenecks',
			id: 'track',
			name: 'Binario unico',
			kind: 'bottleneck',
			geometry: {
				type: 'LineString' as const,
				coordinates: [
					[10.45, 43.805],
					[10.55, 43.805]
				]
			}
		};
		const [found] = nearbyCandidates(drawn, [track], 1);
		expect(found.distance_km).toBeCloseTo(0.556, 2);
	});
});

describe('nearbyCandidates, for lines, areas and collections', () => {
	const drawn = EAST_WEST_LINE;
	const candidate = (geometry: import('geojson').Geometry) => ({
		layer: 'interventions',
		id: 'x',
		name: 'X',
		kind: 'intervention',
		geometry
	});

	it('regression: a line crossing the drawing between vertices touches it (0 km), not its nearest vertex', () => {
		const crossing = {
			type: 'LineString' as const,
			coordinates: [
				[10.5, 43.7],
				[10.5, 43.9]
			]
		};
		expect(nearbyCandidates(drawn, [candidate(crossing)], 1)[0]?.distance_km).toBe(0);
	});

	it('an area the drawing enters, in a collection of parts, touches it', () => {
		const collection = {
			type: 'GeometryCollection' as const,
			geometries: [
				{ type: 'Point' as const, coordinates: [11, 44] },
				{
					type: 'MultiPolygon' as const,
					coordinates: [
						[
							[
								[10.55, 43.75],
								[10.7, 43.75],
								[10.7, 43.85],
								[10.55, 43.85],
								[10.55, 43.75]
							]
						]
					]
				}
			]
		};
		expect(nearbyCandidates(drawn, [candidate(collection)], 1)[0]?.distance_km).toBe(0);
	});

	it('keeps a candidate just inside the distance, north or east, however the search is narrowed', () => {
		const north = candidate({ type: 'Point', coordinates: [10.5, 43.8 + 0.99 / 111.1] });
		const east = candidate({
			type: 'Point',
			coordinates: [10.6 + 0.99 / (111.3 * Math.cos((43.8 * Math.PI) / 180)), 43.8]
		});
		for (const c of [north, east]) {
			const [found] = nearbyCandidates(drawn, [c], 1);
			expect(found?.distance_km).toBeGreaterThan(0.98);
			expect(found?.distance_km).toBeLessThanOrEqual(1);
		}
	});
});

describe('municipalityShares', () => {
	it('regression: a vertex on a boundary does not list the neighbour it only touches', async () => {
		const { municipalityShares } = await import('../../src/lib/impact.ts');
		const west = {
			istat: '000001',
			name: 'Ovest',
			population: null,
			geometry: {
				type: 'MultiPolygon' as const,
				coordinates: [
					[
						[
							[10.4, 43.7],
							[10.5, 43.7],
							[10.5, 43.9],
							[10.4, 43.9],
							[10.4, 43.7]
						]
					]
				]
			}
		};
		const east = {
			...west,
			istat: '000002',
			name: 'Est',
			geometry: {
				type: 'MultiPolygon' as const,
				coordinates: [
					[
						[
							[10.5, 43.7],
							[10.6, 43.7],
							[10.6, 43.9],
							[10.5, 43.9],
							[10.5, 43.7]
						]
					]
				]
			}
		};
		// Ends exactly on the shared boundary.
		const line = {
			type: 'LineString' as const,
			coordinates: [
				[10.42, 43.8],
				[10.5, 43.8]
			]
		};
		expect(municipalityShares(line, [west, east]).map((s) => s.istat)).toEqual(['000001']);
	});
});

describe('nearbyCandidates at any size (the drawing indexed)', () => {
	const line = FRANCIGENA_DENSIFIED_10000 as import('geojson').LineString;
	const coordinates = line.coordinates;
	const candidate = (id: string, geometry: import('geojson').Geometry) => ({
		layer: 'interventions',
		id,
		name: id,
		kind: 'intervention',
		geometry
	});
	// Deterministic places beside the track, some within 1 km, some beyond, of every kind.
	const candidates = coordinates
		.filter((_, i) => i % 700 === 0)
		.flatMap(([x, y], k) => {
			const off = 0.002 + (k % 5) * 0.003; // 0.2 to 1.3 km north
			return [
				candidate(`point-${k}`, { type: 'Point', coordinates: [x, y + off] }),
				candidate(`beside-${k}`, {
					type: 'LineString',
					coordinates: [
						[x - 0.01, y - off],
						[x, y - off - 0.001],
						[x + 0.01, y - off]
					]
				}),
				candidate(`across-${k}`, {
					type: 'LineString',
					coordinates: [
						[x + 0.0003, y - 0.01],
						[x + 0.0003, y + 0.01]
					]
				}),
				candidate(`area-${k}`, {
					type: 'Polygon',
					coordinates: [
						[
							[x - 0.004, y + off],
							[x + 0.004, y + off],
							[x + 0.004, y + off + 0.004],
							[x - 0.004, y + off + 0.004],
							[x - 0.004, y + off]
						]
					]
				})
			];
		});

	it('finds on a 10,000-vertex line exactly what measuring every segment finds', () => {
		const expected = candidates
			.map(({ geometry, ...rest }) => ({
				...rest,
				distance_km: candidateDistanceKm(geometry, line)
			}))
			.filter((c) => c.distance_km <= 1)
			.sort((a, b) => a.distance_km - b.distance_km || a.name.localeCompare(b.name));
		const found = nearbyCandidates(line, candidates, 1);
		// Some within, some beyond, some crossing: the comparison covers each case.
		expect(found.length).toBeGreaterThan(20);
		expect(found.length).toBeLessThan(candidates.length);
		expect(found.filter((c) => c.distance_km === 0).length).toBeGreaterThan(5);
		expect(found).toEqual(expected);
	}, 60_000); // the reference measures every segment: seconds

	it('measures an area drawn around part of the track as the definition does', () => {
		const area = {
			type: 'Polygon' as const,
			coordinates: [[...coordinates.slice(2000, 4000), coordinates[2000]]]
		};
		const expected = candidates
			.map(({ geometry, ...rest }) => ({
				...rest,
				distance_km: candidateDistanceKm(geometry, area)
			}))
			.filter((c) => c.distance_km <= 1)
			.sort((a, b) => a.distance_km - b.distance_km || a.name.localeCompare(b.name));
		const found = nearbyCandidates(area, candidates, 1);
		expect(found.length).toBeGreaterThan(5);
		expect(found).toEqual(expected);
	}, 60_000);
});
