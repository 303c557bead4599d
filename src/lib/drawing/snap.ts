import type { Position } from 'geojson';

/** Screen position of a longitude/latitude, as the map projects it. */
export type Project = (lng: number, lat: number) => { x: number; y: number };

/** What a vertex can snap to: points (stations, boundary vertices) and lines (boundaries). */
export interface SnapTargets {
	points: readonly Position[];
	lines: readonly (readonly Position[])[];
}

interface Pointer {
	x: number;
	y: number;
	lng: number;
	lat: number;
}

/**
 * Where a vertex snaps to when the planner clicks within `maxPixels` of a target: a point target
 * first (a station or a boundary vertex), otherwise the nearest place on a line (a municipal
 * boundary between its vertices). Targets are first narrowed by a longitude/latitude window so a
 * mouse move does not project every boundary vertex.
 */
export function nearestSnapTarget(
	pointer: Pointer,
	targets: SnapTargets,
	project: Project,
	options: { maxPixels?: number; windowDegrees?: number } = {}
): Position | undefined {
	const reach: Reach = {
		pointer,
		project,
		maxPixels: options.maxPixels ?? 12,
		window: options.windowDegrees ?? 0.05
	};
	return nearestPoint(targets.points, reach) ?? nearestOnLines(targets.lines, reach);
}

/** How far from the pointer a target may be: on screen, and first in degrees. */
interface Reach {
	pointer: Pointer;
	project: Project;
	maxPixels: number;
	window: number;
}

function nearestPoint(
	points: readonly Position[],
	{ pointer, project, maxPixels, window }: Reach
): Position | undefined {
	let best: Position | undefined;
	let bestDistance = maxPixels;
	for (const point of points) {
		if (Math.abs(point[0] - pointer.lng) > window || Math.abs(point[1] - pointer.lat) > window)
			continue;
		const { x, y } = project(point[0], point[1]);
		const distance = Math.hypot(x - pointer.x, y - pointer.y);
		if (distance <= bestDistance) {
			best = point;
			bestDistance = distance;
		}
	}
	return best;
}

function nearestOnLines(
	lines: readonly (readonly Position[])[],
	{ pointer, project, maxPixels, window }: Reach
): Position | undefined {
	let best: Position | undefined;
	let bestDistance = maxPixels;
	for (const line of lines) {
		for (let i = 1; i < line.length; i++) {
			const a = line[i - 1];
			const b = line[i];
			if (
				Math.min(a[0], b[0]) - window > pointer.lng ||
				Math.max(a[0], b[0]) + window < pointer.lng ||
				Math.min(a[1], b[1]) - window > pointer.lat ||
				Math.max(a[1], b[1]) + window < pointer.lat
			)
				continue;
			const pa = project(a[0], a[1]);
			const pb = project(b[0], b[1]);
			const dx = pb.x - pa.x;
			const dy = pb.y - pa.y;
			const lengthSquared = dx * dx + dy * dy;
			const t =
				lengthSquared === 0
					? 0
					: Math.max(
							0,
							Math.min(1, ((pointer.x - pa.x) * dx + (pointer.y - pa.y) * dy) / lengthSquared)
						);
			const distance = Math.hypot(pa.x + t * dx - pointer.x, pa.y + t * dy - pointer.y);
			if (distance <= bestDistance) {
				// On the segment as the database stores it (straight in longitude/latitude), so the
				// snapped vertex lies on the boundary PostGIS intersects with.
				best = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
				bestDistance = distance;
			}
		}
	}
	return best;
}
