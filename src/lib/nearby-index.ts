import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import turfDistance from '@turf/distance';
import { lineString, multiLineString } from '@turf/helpers';
import lineIntersect from '@turf/line-intersect';
import pointToLineDistance from '@turf/point-to-line-distance';
import Flatbush from 'flatbush';
import type { Geometry, LineString, Polygon, Position } from 'geojson';

/**
 * A drawn geometry ready for "how far is this from it" questions at any size: its vertices and
 * its segments in packed R-trees (flatbush, as line-shares.ts does for the boundaries). A
 * distance within `reach` degrees of a place is then measured only against the segments and
 * vertices near it, with the same turf functions as the unindexed definition, segment by segment.
 */
export interface DrawnIndex {
	geometry: Geometry;
	vertices: Position[];
	vertexIndex: Flatbush | null;
	/** Segments of every outline (lines and rings of any part): what a candidate may cross. */
	outlineSegments: [Position, Position][];
	outlineIndex: Flatbush | null;
	/**
	 * Segments a point's distance is measured to: those of a LineString or a Polygon's rings only,
	 * as distanceToGeometryKm measures (other types answer by their vertices and crossings).
	 */
	distanceSegments: [Position, Position][];
	distanceIndex: Flatbush | null;
}

type Segment = [Position, Position];
export type Box = [number, number, number, number];

const segmentsOf = (line: Position[]): Segment[] =>
	line.slice(1).map((b, i) => [line[i], b] as Segment);

function outlinesOf(geometry: Geometry): Position[][] {
	switch (geometry.type) {
		case 'LineString':
			return [geometry.coordinates];
		case 'MultiLineString':
		case 'Polygon':
			return geometry.coordinates;
		case 'MultiPolygon':
			return geometry.coordinates.flat();
		case 'GeometryCollection':
			return geometry.geometries.flatMap(outlinesOf);
		default:
			return [];
	}
}

const segmentBox = ([a, b]: Segment): Box => [
	Math.min(a[0], b[0]),
	Math.min(a[1], b[1]),
	Math.max(a[0], b[0]),
	Math.max(a[1], b[1])
];

function indexSegments(segments: Segment[]): Flatbush | null {
	if (segments.length === 0) return null;
	const index = new Flatbush(segments.length);
	for (const segment of segments) index.add(...segmentBox(segment));
	index.finish();
	return index;
}

function indexPoints(points: Position[]): Flatbush | null {
	if (points.length === 0) return null;
	const index = new Flatbush(points.length);
	for (const [x, y] of points) index.add(x, y, x, y);
	index.finish();
	return index;
}

const known = new WeakMap<Geometry, DrawnIndex>();

/** The drawn geometry indexed, once per geometry object (the editor asks twice per move). */
export function indexDrawn(geometry: Geometry, vertices: Position[]): DrawnIndex {
	const cached = known.get(geometry);
	if (cached) return cached;
	const outlineSegments = outlinesOf(geometry).flatMap(segmentsOf);
	const outlineIndex = indexSegments(outlineSegments);
	// A line's or an area's outline is what a point's distance is measured to, too.
	const measured = geometry.type === 'LineString' || geometry.type === 'Polygon';
	const drawn: DrawnIndex = {
		geometry,
		vertices,
		vertexIndex: indexPoints(vertices),
		outlineSegments,
		outlineIndex,
		distanceSegments: measured ? outlineSegments : [],
		distanceIndex: measured ? outlineIndex : null
	};
	known.set(geometry, drawn);
	return drawn;
}

/**
 * How far the searches reach: `km`, the distance asked about, and degrees per km here (generous:
 * a reach too wide costs a little time, never a figure).
 */
export interface Reach {
	km: number;
	latPerKm: number;
	lngPerKm: number;
}

/** A box grown by `km` on every side. */
export const around = ([west, south, east, north]: Box, km: number, reach: Reach): Box => [
	west - km * reach.lngPerKm,
	south - km * reach.latPerKm,
	east + km * reach.lngPerKm,
	north + km * reach.latPerKm
];

const search = (index: Flatbush | null, box: Box) => (index ? index.search(...box) : []);

/** Geodesic km from a point to one segment: what pointToLineDistance takes the least of. */
const segmentKm = (point: Position, segment: Segment) =>
	pointToLineDistance(point, lineString(segment), { units: 'kilometers', method: 'geodesic' });

/**
 * Geodesic km from a point to the drawn geometry, as distanceToGeometryKm answers it whenever the
 * answer is within reach; farther, a value at least as large (Infinity when nothing is near).
 * The segment nearest on the plane gives a first figure; only segments within it can beat it.
 */
export function nearestKm(point: Position, drawn: DrawnIndex, reach: Reach): number {
	const { geometry } = drawn;
	switch (geometry.type) {
		case 'Point':
			return turfDistance(point, geometry.coordinates, { units: 'kilometers' });
		case 'Polygon':
			if (booleanPointInPolygon(point, geometry)) return 0;
		// falls through: outside, the nearest ring segment
		case 'LineString': {
			const index = drawn.distanceIndex;
			if (!index) return Number.POSITIVE_INFINITY;
			const [first] = index.neighbors(point[0], point[1], 1);
			let best = segmentKm(point, drawn.distanceSegments[first]);
			const box = around([point[0], point[1], point[0], point[1]], Math.min(best, reach.km), reach);
			for (const s of index.search(...box)) {
				if (s === first) continue;
				const km = segmentKm(point, drawn.distanceSegments[s]);
				if (km < best) best = km;
			}
			return best;
		}
		default:
			return Number.POSITIVE_INFINITY;
	}
}

/** Whether a candidate's line or area (within `box`) crosses or touches one of the drawing's outlines. */
export function crossesDrawn(part: LineString | Polygon, box: Box, drawn: DrawnIndex): boolean {
	const nearby = search(drawn.outlineIndex, box);
	if (nearby.length === 0) return false;
	// One feature of the nearby segments: lineIntersect ignores their meeting one another.
	const segments = multiLineString(nearby.map((s) => drawn.outlineSegments[s]));
	return lineIntersect(part, segments).features.length > 0;
}

/** The drawing's vertices within a box. */
export const verticesIn = (box: Box, drawn: DrawnIndex) =>
	search(drawn.vertexIndex, box).map((v) => drawn.vertices[v]);

/**
 * The least geodesic km from the drawing's vertices to a candidate's segments (`part`, indexed
 * the same way), when it is below `below` (the best figure found so far) and within reach;
 * otherwise `below`. Each segment looks only at the drawn vertices within that figure of it.
 */
export function nearestVertexKm(part: DrawnIndex, drawn: DrawnIndex, reach: Reach, below: number) {
	let best = below;
	for (const segment of part.distanceSegments) {
		const box = around(segmentBox(segment), Math.min(best, reach.km), reach);
		for (const v of search(drawn.vertexIndex, box)) {
			const km = segmentKm(drawn.vertices[v], segment);
			if (km < best) best = km;
		}
	}
	return best;
}
