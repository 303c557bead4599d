import { describe, expect, it } from 'vitest';
import { nearestSnapTarget } from '../../src/lib/drawing/snap.ts';

// A flat projection: 1000 px per degree, enough to reason in pixels.
const project = (lng: number, lat: number) => ({ x: lng * 1000, y: -lat * 1000 });
const pointer = (lng: number, lat: number) => ({ ...project(lng, lat), lng, lat });

describe('nearestSnapTarget', () => {
	const station = [10.5, 43.84];
	const other = [10.52, 43.84];
	// A boundary running north–south at 10.6, between two vertices 0.1° apart.
	const boundary = [
		[10.6, 43.8],
		[10.6, 43.9]
	];

	it('snaps to the nearest point within the pixel tolerance', () => {
		expect(
			nearestSnapTarget(pointer(10.505, 43.841), { points: [other, station], lines: [] }, project)
		).toEqual(station);
	});

	it('leaves the pointer free beyond the tolerance', () => {
		expect(
			nearestSnapTarget(pointer(10.5, 43.86), { points: [station, other], lines: [] }, project)
		).toBeUndefined();
	});

	it('honours a wider tolerance', () => {
		expect(
			nearestSnapTarget(pointer(10.5, 43.86), { points: [station], lines: [] }, project, {
				maxPixels: 21
			})
		).toEqual(station);
	});

	it('snaps onto a boundary between its vertices, at the foot of the perpendicular', () => {
		const snapped = nearestSnapTarget(
			pointer(10.608, 43.85),
			{ points: boundary, lines: [boundary] },
			project
		);
		expect(snapped?.[0]).toBeCloseTo(10.6, 9);
		expect(snapped?.[1]).toBeCloseTo(43.85, 9);
	});

	it('prefers a point to a line when both are within reach', () => {
		const onBoundary = [10.6, 43.85];
		expect(
			nearestSnapTarget(
				pointer(10.609, 43.851),
				{ points: [onBoundary], lines: [boundary] },
				project
			)
		).toEqual(onBoundary);
	});

	it('does not snap to a segment whose nearest end is out of reach', () => {
		expect(
			nearestSnapTarget(pointer(10.6, 43.92), { points: [], lines: [boundary] }, project)
		).toBeUndefined();
	});
});
