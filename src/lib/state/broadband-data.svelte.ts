import type { FeatureCollection, MultiPolygon } from 'geojson';
import { getContext, setContext } from 'svelte';
import type { BroadbandProperties } from '#lib/types.ts';

export type BroadbandCollection = FeatureCollection<MultiPolygon, BroadbandProperties> & {
	snapshot: string | null;
};

/** The broadband layer's data, fetched once when the layer is first shown, shared by map, legend and panel. */
export class BroadbandData {
	collection = $state.raw<BroadbandCollection>();
	status = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
	byIstat = $derived(
		new Map((this.collection?.features ?? []).map((f) => [f.properties.istat, f.properties]))
	);

	async load(fetcher: typeof fetch = fetch) {
		if (this.status === 'loading' || this.status === 'ready') return;
		this.status = 'loading';
		try {
			const response = await fetcher('/api/v1/layers/broadband');
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			this.collection = (await response.json()) as BroadbandCollection;
			this.status = 'ready';
		} catch {
			this.status = 'failed';
		}
	}
}

const KEY = Symbol('broadband-data');

export function prepareBroadbandData(): BroadbandData {
	return setContext(KEY, new BroadbandData());
}

export function getBroadbandData(): BroadbandData {
	const data = getContext<BroadbandData | undefined>(KEY);
	if (!data)
		throw new Error('getBroadbandData() needs prepareBroadbandData() in a parent component');
	return data;
}
