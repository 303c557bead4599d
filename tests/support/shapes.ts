import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';

/** A square of `size` degrees from its south-west corner: a synthetic shape, never shown as data. */
export const square = (west: number, south: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[west, south],
			[west + size, south],
			[west + size, south + size],
			[west, south + size],
			[west, south]
		]
	]
});

export const collection = (
	features: Feature<Geometry, Record<string, unknown>>[]
): FeatureCollection<Geometry, Record<string, unknown>> => ({
	type: 'FeatureCollection',
	features
});
