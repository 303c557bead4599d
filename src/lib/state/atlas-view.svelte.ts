import { getContext, setContext } from 'svelte';
import type { MapUrlState } from '#lib/map/url-state.ts';

/** What the atlas page shows: the map view and the selected and hovered municipality. */
export class AtlasView {
	center = $state<[number, number] | undefined>();
	zoom = $state<number | undefined>();
	selected = $state<string | undefined>();
	hovered = $state<string | undefined>();
	/** A selected feature of a thematic layer (a pole, a Puccini place…). */
	selectedFeature = $state<{ layer: string; id: string } | undefined>();
	/** Set when the selection should also move the map there (chosen from the list, not clicked). */
	flyToSelection = $state(false);
	/** Set when a feature chosen from a list should be flown to. */
	flyToFeature = $state(false);

	constructor(initial: MapUrlState) {
		this.center = initial.center;
		this.zoom = initial.zoom;
		this.selected = initial.municipality;
		this.selectedFeature = initial.feature;
	}

	select(istat: string | undefined, options: { fly?: boolean } = {}) {
		this.selected = istat;
		this.selectedFeature = undefined;
		this.flyToSelection = Boolean(istat && options.fly);
	}

	selectFeature(
		feature: { layer: string; id: string } | undefined,
		options: { fly?: boolean } = {}
	) {
		this.selectedFeature = feature;
		this.selected = undefined;
		this.flyToFeature = Boolean(feature && options.fly);
	}

	setView(center: [number, number], zoom: number) {
		this.center = center;
		this.zoom = zoom;
	}

	get urlState(): MapUrlState {
		return {
			center: this.center,
			zoom: this.zoom,
			municipality: this.selected,
			feature: this.selectedFeature
		};
	}
}

const KEY = Symbol('atlas-view');

export function prepareAtlasView(initial: MapUrlState): AtlasView {
	return setContext(KEY, new AtlasView(initial));
}

export function getAtlasView(): AtlasView {
	const view = getContext<AtlasView | undefined>(KEY);
	if (!view) throw new Error('getAtlasView() needs prepareAtlasView() in a parent component');
	return view;
}
