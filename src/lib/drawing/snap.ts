import type { Position } from 'geojson';

/** Screen position of a longitude/latitude, as the map projects it. */
export type Project = (lng: number, lat: number) => { x: number; y: number };

/**
 * The target nearest to the pointer on screen, if within `maxPixels`: a vertex snaps to a station
 * or a municipal boundary vertex when the planner clicks close to one. Targets are first narrowed
 * by a longitude/latitude window so a mouse move does not project every boundary vertex.
 */
export function nearestSnapTarget(
	pointer: { x: number; y: number; lng: number; lat: number },
	targets: readonly Position[],
	project: Project,
	options: { maxPixels?: number; windowDegrees?: number } = {}
): Position | undefined {
	const maxPixels = options.maxPixels ?? 12;
	const window = options.windowDegrees ?? 0.05;
	let best: Position | undefined;
	let bestDistance = maxPixels;
	for (const target of targets) {
		if (Math.abs(target[0] - pointer.lng) > window || Math.abs(target[1] - pointer.lat) > window)
			continue;
		const { x, y } = project(target[0], target[1]);
		const distance = Math.hypot(x - pointer.x, y - pointer.y);
		if (distance <= bestDistance) {
			best = target;
			bestDistance = distance;
		}
	}
	return best;
}
