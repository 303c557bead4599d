import { describe, expect, it } from 'vitest';
import { nearestSnapTarget } from '../../src/lib/drawing/snap.ts';

// A flat projection: 1000 px per degree, enough to reason in pixels.
const project = (lng: number, lat: number) => ({ x: lng * 1000, y: -lat * 1000 });
const pointer = (lng: number, lat: number) => ({ ...project(lng, lat), lng, lat });

describe('nearestSnapTarget', () => {
	const station = [10.5, 43.84];
	const other = [10.52, 43.84];

	it('snaps to the nearest target within the pixel tolerance', () => {
		expect(nearestSnapTarget(pointer(10.505, 43.841), [other, station], project)).toEqual(station);
	});

	it('leaves the pointer free beyond the tolerance', () => {
		expect(nearestSnapTarget(pointer(10.5, 43.86), [station, other], project)).toBeUndefined();
	});

	it('honours a wider tolerance', () => {
		expect(nearestSnapTarget(pointer(10.5, 43.86), [station], project, { maxPixels: 21 })).toEqual(
			station
		);
	});
});
