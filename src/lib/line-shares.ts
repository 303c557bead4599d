import Flatbush from 'flatbush';
import geodesic from 'geographiclib-geodesic';
import type { MultiPolygon, Position } from 'geojson';

/** A municipality's boundary, ready for fast queries: its bbox and an index of its edges. */
interface IndexedBoundary {
	bbox: [number, number, number, number];
	/** Edge i runs from (edges[4i], edges[4i+1]) to (edges[4i+2], edges[4i+3]). */
	edges: Float64Array;
	index: Flatbush;
}

/** Every municipality's boundary indexed, and an index of their bboxes. */
export interface IndexedBoundaries {
	boundaries: IndexedBoundary[];
	index: Flatbush;
}

function indexBoundary(area: MultiPolygon): IndexedBoundary {
	const rings = area.coordinates.flat();
	const count = rings.reduce((n, ring) => n + ring.length - 1, 0);
	const edges = new Float64Array(Math.max(count, 1) * 4);
	const index = new Flatbush(Math.max(count, 1));
	const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	let e = 0;
	for (const ring of rings)
		for (let i = 1; i < ring.length; i++) {
			const [x1, y1] = ring[i - 1];
			const [x2, y2] = ring[i];
			edges.set([x1, y1, x2, y2], e * 4);
			index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
			bbox[0] = Math.min(bbox[0], x1, x2);
			bbox[1] = Math.min(bbox[1], y1, y2);
			bbox[2] = Math.max(bbox[2], x1, x2);
			bbox[3] = Math.max(bbox[3], y1, y2);
			e++;
		}
	if (e === 0) index.add(0, 0, 0, 0);
	index.finish();
	return { bbox, edges, index };
}

const prepared = new WeakMap<readonly { geometry: MultiPolygon }[], IndexedBoundaries>();

/**
 * The municipalities' boundaries indexed once (flatbush, a packed R-tree) and kept for the same
 * list: the analysis of each drawn line then looks only at the edges near each segment.
 */
export function indexBoundaries(areas: readonly { geometry: MultiPolygon }[]): IndexedBoundaries {
	const known = prepared.get(areas);
	if (known) return known;
	const boundaries = areas.map((a) => indexBoundary(a.geometry));
	const index = new Flatbush(Math.max(boundaries.length, 1));
	for (const { bbox } of boundaries) index.add(...bbox);
	if (boundaries.length === 0) index.add(0, 0, 0, 0);
	index.finish();
	const result = { boundaries, index };
	prepared.set(areas, result);
	return result;
}

/**
 * Whether a point lies inside the boundary (even-odd over every ring, so holes and separate
 * parts count right): a ray cast east, through the edges the index finds on its way.
 */
function inside(boundary: IndexedBoundary, x: number, y: number): boolean {
	const { edges } = boundary;
	let crossings = 0;
	for (const e of boundary.index.search(x, y, boundary.bbox[2], y)) {
		const x1 = edges[e * 4];
		const y1 = edges[e * 4 + 1];
		const x2 = edges[e * 4 + 2];
		const y2 = edges[e * 4 + 3];
		if (y1 > y === y2 > y) continue;
		const xAt = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
		if (xAt > x) crossings++;
	}
	return crossings % 2 === 1;
}

/** Where along a→b (0..1) it meets each boundary edge near it; empty when it meets none. */
function crossingsAlong(boundary: IndexedBoundary, a: Position, b: Position): number[] {
	const [ax, ay] = a;
	const [bx, by] = b;
	const dx = bx - ax;
	const dy = by - ay;
	const { edges } = boundary;
	const found: number[] = [];
	const hits = boundary.index.search(
		Math.min(ax, bx),
		Math.min(ay, by),
		Math.max(ax, bx),
		Math.max(ay, by)
	);
	for (const e of hits) {
		const x1 = edges[e * 4];
		const y1 = edges[e * 4 + 1];
		const ex = edges[e * 4 + 2] - x1;
		const ey = edges[e * 4 + 3] - y1;
		const denominator = dx * ey - dy * ex;
		if (denominator === 0) continue; // parallel: a touch along the boundary adds no crossing
		const t = ((x1 - ax) * ey - (y1 - ay) * ex) / denominator;
		const u = ((x1 - ax) * dy - (y1 - ay) * dx) / denominator;
		if (t >= 0 && t <= 1 && u >= 0 && u <= 1) found.push(t);
	}
	return found;
}

const segmentKm = (a: Position, b: Position) =>
	(geodesic.Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0], geodesic.Geodesic.DISTANCE).s12 ?? 0) /
	1000;

/**
 * The km of each line inside each municipality, as PostGIS finds them: the line is cut where it
 * crosses a boundary (on the plane), and each piece inside is measured on the ellipsoid. A piece
 * is a fraction of its segment's geodesic length, which for segments this short is the piece's own
 * geodesic length to well under a millimetre per kilometre.
 *
 * Fast at any size: a segment is compared only with the municipalities whose bbox it meets and,
 * within them, with the boundary edges near it; a segment that meets no edge keeps the inside or
 * outside state of the segment before it.
 */
export function lengthsInside(lines: Position[][], boundaries: IndexedBoundaries): number[] {
	const km = new Array<number>(boundaries.boundaries.length).fill(0);
	for (const line of lines) {
		/** For each municipality, whether the previous segment ended inside it (if it was a candidate). */
		const state = new Map<number, boolean>();
		for (let i = 1; i < line.length; i++) {
			const a = line[i - 1];
			const b = line[i];
			const candidates = boundaries.index.search(
				Math.min(a[0], b[0]),
				Math.min(a[1], b[1]),
				Math.max(a[0], b[0]),
				Math.max(a[1], b[1])
			);
			if (candidates.length === 0) {
				state.clear();
				continue;
			}
			const length = segmentKm(a, b);
			const next = new Map<number, boolean>();
			for (const m of candidates) {
				const boundary = boundaries.boundaries[m];
				const cuts = crossingsAlong(boundary, a, b);
				const before = state.get(m);
				if (cuts.length === 0 && before !== undefined) {
					if (before) km[m] += length;
					next.set(m, before);
					continue;
				}
				// Cut at each crossing; each piece is inside or out as its middle is.
				const ts = [0, ...cuts.sort((p, q) => p - q), 1];
				let last = false;
				for (let k = 1; k < ts.length; k++) {
					const piece = ts[k] - ts[k - 1];
					if (piece <= 0) continue;
					const middle = (ts[k] + ts[k - 1]) / 2;
					last = inside(boundary, a[0] + (b[0] - a[0]) * middle, a[1] + (b[1] - a[1]) * middle);
					if (last) km[m] += piece * length;
				}
				next.set(m, last);
			}
			state.clear();
			for (const [m, value] of next) state.set(m, value);
		}
	}
	return km;
}
