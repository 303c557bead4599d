import type { FeatureCollection, Geometry } from 'geojson';
import { getContext, setContext } from 'svelte';

export type LayerStatus = 'idle' | 'loading' | 'ready' | 'failed';

interface Entry {
	status: LayerStatus;
	collection?: FeatureCollection<Geometry, Record<string, unknown>> & { snapshot?: string | null };
}

/**
 * Each thematic layer's GeoJSON, fetched once from /api/v1/layers/{id} when the layer is first
 * shown, and shared by the map, the legend, the feature list and the panels.
 */
export class LayerData {
	// Raw: GeoJSON goes to MapLibre's worker as is, and is replaced, never mutated.
	entries = $state.raw<Record<string, Entry>>({});

	status(id: string): LayerStatus {
		return this.entries[id]?.status ?? 'idle';
	}

	collection<T = Record<string, unknown>>(id: string) {
		return this.entries[id]?.collection as
			(FeatureCollection<Geometry, T> & { snapshot?: string | null }) | undefined;
	}

	#set(id: string, entry: Entry) {
		this.entries = { ...this.entries, [id]: entry };
	}

	async load(id: string, fetcher: typeof fetch = fetch) {
		if (this.status(id) === 'loading' || this.status(id) === 'ready') return;
		this.#set(id, { status: 'loading' });
		try {
			const response = await fetcher(`/api/v1/layers/${encodeURIComponent(id)}`);
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			this.#set(id, { status: 'ready', collection: await response.json() });
		} catch {
			this.#set(id, { status: 'failed' });
		}
	}
}

const KEY = Symbol('layer-data');

export function prepareLayerData(): LayerData {
	return setContext(KEY, new LayerData());
}

export function getLayerData(): LayerData {
	const data = getContext<LayerData | undefined>(KEY);
	if (!data) throw new Error('getLayerData() needs prepareLayerData() in a parent component');
	return data;
}
