import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import turfDistance from '@turf/distance';
import pointToLineDistance from '@turf/point-to-line-distance';
import { featureCollection, feature as turfFeature, lineString } from '@turf/helpers';
import intersect from '@turf/intersect';
import lineIntersect from '@turf/line-intersect';
import type { Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { geodesicAreaKm2, geodesicLengthKm } from './geodesy.ts';
import { indexBoundaries, lengthsInside } from './line-shares.ts';
import {
	crossesDrawn,
	indexDrawn,
	nearestKm,
	nearestVertexKm,
	verticesIn,
	type Box,
	type DrawnIndex,
	type Reach
} from './nearby-index.ts';
import { positionsOf } from './proposals.ts';

/** How much of a proposal lies in one municipality: km of line, km² of area, or the point itself. */
export interface MunicipalityShare {
	istat: string;
	name: string;
	population: number | null;
	length_km?: number;
	area_km2?: number;
}

export interface MunicipalityShape {
	istat: string;
	name: string;
	population: number | null;
	geometry: MultiPolygon;
}

/**
 * Below this a share is a touch, not a crossing: a vertex snapped onto a boundary must not list
 * the neighbour with a zero-length piece (1 m of line, 1 m² of area).
 */
export const MIN_SHARE_LENGTH_KM = 0.001;
export const MIN_SHARE_AREA_KM2 = 1e-6;

/** The size of a drawn geometry, geodesic: km for lines, km² for areas. */
export function measure(geometry: Geometry): { length_km?: number; area_km2?: number } {
	switch (geometry.type) {
		case 'LineString':
		case 'MultiLineString':
			return { length_km: geodesicLengthKm(geometry) };
		case 'Polygon':
		case 'MultiPolygon':
			return { area_km2: geodesicAreaKm2(geometry) };
		default:
			return {};
	}
}

const linesOf = (geometry: Geometry): Position[][] =>
	geometry.type === 'LineString'
		? [geometry.coordinates]
		: geometry.type === 'MultiLineString'
			? geometry.coordinates
			: [];

/**
 * The municipalities a proposal crosses or covers, with the length or area inside each (clipped
 * on the plane, measured on the ellipsoid: the same method as PostGIS ST_Intersection and
 * geography), or the one a point lies in. Sorted by share, largest first.
 */
export function municipalityShares(
	geometry: Geometry,
	municipalities: MunicipalityShape[]
): MunicipalityShare[] {
	const shares: MunicipalityShare[] = [];
	const indexed = indexBoundaries(municipalities);
	const baseOf = (m: MunicipalityShape) => ({
		istat: m.istat,
		name: m.name,
		population: m.population
	});
	if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
		const km = lengthsInside(linesOf(geometry), indexed);
		municipalities.forEach((m, i) => {
			if (km[i] >= MIN_SHARE_LENGTH_KM) shares.push({ ...baseOf(m), length_km: km[i] });
		});
		return sortedShares(shares);
	}
	// Points and areas: only the municipalities whose bbox meets the drawing's are compared.
	const [west, south, east, north] = turfBbox(geometry);
	for (const i of indexed.index.search(west, south, east, north)) {
		const m = municipalities[i];
		if (geometry.type === 'Point' || geometry.type === 'MultiPoint') {
			const points = geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
			if (points.some((p) => booleanPointInPolygon(p, m.geometry))) shares.push(baseOf(m));
		} else if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
			const common = intersect(featureCollection([turfFeature(geometry), turfFeature(m.geometry)]));
			const km2 = common ? geodesicAreaKm2(common.geometry) : 0;
			if (km2 >= MIN_SHARE_AREA_KM2) shares.push({ ...baseOf(m), area_km2: km2 });
		}
	}
	return sortedShares(shares);
}

/** Largest share first; points (no size) keep the municipalities' order. */
const sortedShares = (shares: MunicipalityShare[]) =>
	shares.sort((a, b) => (b.length_km ?? b.area_km2 ?? 0) - (a.length_km ?? a.area_km2 ?? 0));

/** What a proposal's surroundings hold, by kind, as the impact analysis lists them. */
export interface NearbyCounts {
	bottlenecks: number;
	stations: number;
	districts: number;
	poles: number;
	puccini: number;
}

/**
 * An ambito to start from, from what the geometry touches; the planner can change it. Bottlenecks
 * or stations nearby suggest infrastructure (1); Puccini places tourism and culture (6); a
 * technology pole or a district, products and supply chains (5); otherwise infrastructure.
 */
export function suggestAmbito(nearby: NearbyCounts): number {
	if (nearby.bottlenecks || nearby.stations) return 1;
	if (nearby.puccini) return 6;
	if (nearby.poles || nearby.districts) return 5;
	return 1;
}

/**
 * Something the impact analysis looks for near a proposal: a feature of a thematic layer (a
 * point, a line) or an intervention (whatever its geometry).
 */
export interface NearbyCandidate {
	layer: string;
	id: string;
	name: string;
	kind: string;
	geometry: Geometry;
}

/** The kinds of layer feature the live analysis lists (districts go by their members). */
const NEARBY_KINDS = new Set(['bottleneck', 'station', 'technology-pole', 'puccini-place']);

/** A feature as the atlas's API answers it: some have no geometry (nothing to measure). */
type ApiFeature = { geometry: Geometry | null; properties: object | null };
const property = (feature: ApiFeature, key: string) =>
	(feature.properties as Record<string, unknown> | null)?.[key];
const located = <F extends ApiFeature>(feature: F): feature is F & { geometry: Geometry } =>
	feature.geometry !== null;

/** The layer features of the atlas's API the live analysis measures. */
export function layerCandidates(features: readonly ApiFeature[]): NearbyCandidate[] {
	return features
		.filter(located)
		.filter((f) => NEARBY_KINDS.has(String(property(f, 'kind'))))
		.map((f) => ({
			layer: String(property(f, 'layer')),
			id: String(property(f, 'id')),
			name: String(property(f, 'name')),
			kind: String(property(f, 'kind')),
			geometry: f.geometry
		}));
}

/**
 * The interventions of `/api/v1/interventions` drawn where they act (their own geometry or the
 * features they act on): as in the server's analysis, a municipality alone is not a place.
 */
export function interventionCandidates(
	features: readonly ApiFeature[]
): (NearbyCandidate & { title: string | null })[] {
	return features
		.filter(located)
		.filter((f) => ['own', 'features'].includes(String(property(f, 'located_by'))))
		.map((f) => ({
			layer: 'interventions',
			id: String(property(f, 'id')),
			name: String(property(f, 'code')),
			title: (property(f, 'title_it') as string | null | undefined) ?? null,
			kind: 'intervention',
			geometry: f.geometry
		}));
}

type Part = Point | LineString | Polygon;

/** The simple parts of any geometry: points, lines and areas. */
function partsOf(geometry: Geometry): Part[] {
	switch (geometry.type) {
		case 'Point':
		case 'LineString':
		case 'Polygon':
			return [geometry];
		case 'MultiPoint':
			return geometry.coordinates.map((coordinates) => ({ type: 'Point', coordinates }));
		case 'MultiLineString':
			return geometry.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
		case 'MultiPolygon':
			return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
		case 'GeometryCollection':
			return geometry.geometries.flatMap(partsOf);
	}
}

const least = (values: Iterable<number>) => {
	let min = Number.POSITIVE_INFINITY;
	for (const value of values) if (value < min) min = value;
	return min;
};

/**
 * Geodesic km between a candidate and a drawn geometry, as PostGIS's ST_Distance on geography
 * answers it: 0 where they cross or one contains the other; otherwise the least distance from
 * either's vertices to the other. The definition, measuring everything: nearbyCandidates finds the
 * same figures through an index of the drawing (indexedDistanceKm).
 */
export function candidateDistanceKm(candidate: Geometry, drawn: Geometry): number {
	let best = Number.POSITIVE_INFINITY;
	for (const part of partsOf(candidate)) {
		best = Math.min(best, partDistanceKm(part, drawn));
		// Touching is as near as it gets: the other parts need no measuring.
		if (best === 0) return 0;
	}
	return best;
}

function partDistanceKm(part: Part, drawn: Geometry): number {
	if (part.type === 'Point') return distanceToGeometryKm(part.coordinates, drawn);
	const drawnVertices = positionsOf(drawn);
	// Cheapest first: a drawn vertex inside the area, then crossing between vertices.
	if (part.type === 'Polygon' && drawnVertices.some((v) => booleanPointInPolygon(v, part)))
		return 0;
	const drawnOutlines = partsOf(drawn).filter((p): p is LineString | Polygon => p.type !== 'Point');
	if (drawnOutlines.some((outline) => lineIntersect(part, outline).features.length)) return 0;
	const partVertices = part.type === 'Polygon' ? part.coordinates.flat() : part.coordinates;
	return Math.min(
		least(partVertices.map((v) => distanceToGeometryKm(v, drawn))),
		least(drawnVertices.map((v) => distanceToGeometryKm(v, part)))
	);
}

/** Geodesic km from a point to a drawn geometry: 0 inside an area or on a line. */
export function distanceToGeometryKm(point: Position, geometry: Geometry): number {
	switch (geometry.type) {
		case 'Point':
			return turfDistance(point, geometry.coordinates, { units: 'kilometers' });
		case 'LineString':
			return pointToLineDistance(point, lineString(geometry.coordinates), {
				units: 'kilometers',
				method: 'geodesic'
			});
		case 'Polygon': {
			if (booleanPointInPolygon(point, geometry)) return 0;
			return Math.min(
				...geometry.coordinates.map((ring) =>
					pointToLineDistance(point, lineString(ring), { units: 'kilometers', method: 'geodesic' })
				)
			);
		}
		default:
			return Number.POSITIVE_INFINITY;
	}
}

// Candidates are the same objects on every pointer move: their bounds are measured once.
const bounds = new WeakMap<Geometry, Box>();
const boundsOf = (geometry: Geometry) => {
	let box = bounds.get(geometry);
	if (!box) bounds.set(geometry, (box = turfBbox(geometry) as Box));
	return box;
};

/**
 * candidateDistanceKm through the drawing's index: each measure looks only at the drawn segments
 * and vertices within `reach` of the candidate's part. Whatever lies within that reach is measured
 * by the same turf calls, so any distance within it is the same figure; beyond it, the answer is
 * at least as large (the caller drops it anyway).
 */
const partsKept = new WeakMap<Geometry, Part[]>();
const keptPartsOf = (geometry: Geometry) => {
	let parts = partsKept.get(geometry);
	if (!parts) partsKept.set(geometry, (parts = partsOf(geometry)));
	return parts;
};

function indexedDistanceKm(candidate: Geometry, drawn: DrawnIndex, reach: Reach): number {
	let best = Number.POSITIVE_INFINITY;
	for (const part of keptPartsOf(candidate)) {
		best = Math.min(best, indexedPartDistanceKm(part, drawn, reach));
		if (best === 0) return 0;
	}
	return best;
}

function indexedPartDistanceKm(part: Part, drawn: DrawnIndex, reach: Reach): number {
	if (part.type === 'Point') return nearestKm(part.coordinates, drawn, reach);
	const box = boundsOf(part);
	// A drawn vertex inside the area lies within its bbox.
	if (part.type === 'Polygon' && verticesIn(box, drawn).some((v) => booleanPointInPolygon(v, part)))
		return 0;
	if (crossesDrawn(part, box, drawn)) return 0;
	const partVertices = part.type === 'Polygon' ? part.coordinates.flat() : part.coordinates;
	const fromPart = least(partVertices.map((v) => nearestKm(v, drawn, reach)));
	// No drawn vertex is inside an area here: from a vertex, the distance is to the part's segments.
	return nearestVertexKm(indexDrawn(part, positionsOf(part)), drawn, reach, fromPart);
}

/**
 * The candidates within `distanceKm` of the geometry, nearest first: the browser's live list of
 * stations, bottlenecks, poles, Puccini places and interventions (the server recomputes it with
 * PostGIS on save). Candidates whose bounding box is farther than that are skipped unmeasured;
 * the others are measured against the drawing's nearby segments only (an imported 10,000-vertex
 * track stays live).
 */
export function nearbyCandidates<C extends NearbyCandidate>(
	geometry: Geometry,
	candidates: readonly C[],
	distanceKm: number
): (Omit<C, 'geometry'> & { distance_km: number })[] {
	const [west, south, east, north] = turfBbox(geometry);
	// Degrees that surely span distanceKm here (a degree of latitude is at least 110.5 km).
	const marginLat = (distanceKm / 110.5) * 1.01;
	const marginLng =
		marginLat /
		Math.cos(((Math.max(Math.abs(south), Math.abs(north)) + marginLat) * Math.PI) / 180);
	// The index's reach is wider still (half as much again, at the same latitude): a reach that is
	// too wide costs a little time, never a figure.
	const latPerKm = (1.01 * 1.5) / 110.5;
	const reach = {
		km: distanceKm,
		latPerKm,
		lngPerKm:
			latPerKm /
			Math.cos(((Math.max(Math.abs(south), Math.abs(north)) + marginLat) * Math.PI) / 180)
	};
	const drawn = indexDrawn(geometry, positionsOf(geometry));
	return candidates
		.filter(({ geometry: candidate }) => {
			const [w, s, e, n] = boundsOf(candidate);
			return (
				w <= east + marginLng &&
				e >= west - marginLng &&
				s <= north + marginLat &&
				n >= south - marginLat
			);
		})
		.map(({ geometry: candidate, ...rest }) => ({
			...rest,
			distance_km: indexedDistanceKm(candidate, drawn, reach)
		}))
		.filter((c) => c.distance_km <= distanceKm)
		.sort((a, b) => a.distance_km - b.distance_km || a.name.localeCompare(b.name));
}
