import geodesic from 'geographiclib-geodesic';
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';

// Karney's algorithms on the WGS84 ellipsoid, as PostGIS measures geography: the browser and the
// server get the same lengths and areas (turf's spherical ones differ by up to ~0.5% here).

function ringArea(ring: Position[]): number {
	const polygon = geodesic.Geodesic.WGS84.Polygon(false);
	// The closing vertex repeats the first: the polygon closes itself.
	for (const [lon, lat] of ring.slice(0, -1)) polygon.AddPoint(lat!, lon!);
	return Math.abs(polygon.Compute(false, true).area ?? 0);
}

/**
 * Geodesic area in km² of a polygon or multipolygon on the WGS84 ellipsoid (Karney's algorithm, as
 * PostGIS's ST_Area(geography)). Turf's spherical area runs about 0.2% low at Lucca's latitude.
 */
export function geodesicAreaKm2(geometry: Polygon | MultiPolygon): number {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let squareMetres = 0;
	for (const [outer, ...holes] of polygons) {
		squareMetres += ringArea(outer) - holes.reduce((sum, hole) => sum + ringArea(hole), 0);
	}
	return squareMetres / 1_000_000;
}

/** Geodesic length in km of a line or multiline on the WGS84 ellipsoid (PostGIS ST_Length(geography)). */
export function geodesicLengthKm(geometry: LineString | MultiLineString): number {
	const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
	let metres = 0;
	for (const line of lines)
		for (let i = 1; i < line.length; i++) {
			const [lon1, lat1] = line[i - 1] as Position;
			const [lon2, lat2] = line[i] as Position;
			metres += geodesic.Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12 ?? 0;
		}
	return metres / 1000;
}
