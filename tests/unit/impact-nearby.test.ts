import { describe, expect, it } from 'vitest';
import { distanceToGeometryKm, nearbyPoints } from '../../src/lib/impact.ts';

// One minute of latitude is one nautical mile: 1.852 km, a distance to check against.
const NAUTICAL_MILE_KM = 1.852;

describe('distanceToGeometryKm', () => {
	it('measures from a point to a line across it (one minute of latitude is ~1.85 km)', () => {
		const line = {
			type: 'LineString' as const,
			coordinates: [
				[10.4, 43.8],
				[10.6, 43.8]
			]
		};
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

describe('nearbyPoints', () => {
	it('keeps what lies within the distance, nearest first', () => {
		const line = {
			type: 'LineString' as const,
			coordinates: [
				[10.4, 43.8],
				[10.6, 43.8]
			]
		};
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
		expect(nearbyPoints(line, [near, far, nearer], 1).map((p) => p.id)).toEqual(['nearer', 'near']);
	});

	it('finds a line feature (a single-track section) running beside the drawing', () => {
		const drawn = {
			type: 'LineString' as const,
			coordinates: [
				[10.4, 43.8],
				[10.6, 43.8]
			]
		};
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
		const [found] = nearbyPoints(drawn, [track], 1);
		expect(found.distance_km).toBeCloseTo(0.556, 2);
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
