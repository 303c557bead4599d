import type { LayerSpecification } from 'maplibre-gl';

/** A layer the map should draw, and the layer it goes below. */
export interface PlacedLayer {
	spec: LayerSpecification;
	before: string;
}

/** What the map draws now: each layer's id and its signature (its spec and place). */
export type DrawnLayers = ReadonlyMap<string, string>;

const signatureOf = ({ spec, before }: PlacedLayer) => JSON.stringify([spec, before]);

/**
 * How to go from the layers drawn to those wanted without touching the rest: a layer whose spec
 * and place are unchanged is kept (MapLibre re-lays out a source's tiles for every layer added
 * or re-added on it); the others are removed, then every wanted layer is placed in order (added,
 * or moved when kept, which is cheap) so the stack ends as wanted.
 */
export function layerChanges(
	drawn: DrawnLayers,
	wanted: readonly PlacedLayer[]
): {
	remove: string[];
	place: (PlacedLayer & { kept: boolean })[];
	drawn: Map<string, string>;
} {
	const next = new Map(wanted.map((layer) => [layer.spec.id, signatureOf(layer)]));
	const remove = [...drawn]
		.filter(([id, signature]) => next.get(id) !== signature)
		.map(([id]) => id);
	const removed = new Set(remove);
	return {
		remove,
		place: wanted.map((layer) => ({
			...layer,
			kept: drawn.has(layer.spec.id) && !removed.has(layer.spec.id)
		})),
		drawn: next
	};
}

/** Whether two feature lists hold the same features (the same objects, in the same order). */
export const sameFeatures = (a: readonly unknown[] | undefined, b: readonly unknown[]) =>
	a !== undefined && a.length === b.length && a.every((feature, i) => feature === b[i]);
