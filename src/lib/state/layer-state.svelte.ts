import { getContext, setContext } from 'svelte';
import { BROADBAND_INDICATORS, type BroadbandIndicator } from '#lib/types.ts';
import type { FilterSelection } from '#lib/map/layer-filters.ts';
import type { InterventionColouring } from '#lib/map/layers/interventions.ts';

export const DEFAULT_INDICATOR: BroadbandIndicator = 'ftth_household_share';
export const DEFAULT_OPACITY = 0.8;

function isIndicator(value: string | undefined): value is BroadbandIndicator {
	return (BROADBAND_INDICATORS as readonly string[]).includes(value ?? '');
}

interface Initial {
	layers?: string[];
	indicator?: string;
	colour?: string;
	filters?: FilterSelection;
}

/**
 * Which thematic layers are on, in what order (bottom first), how opaque, which indicator, and
 * which values of each layer's filter fields are shown.
 */
export class LayerState {
	visible = $state<string[]>([]);
	opacity = $state<Record<string, number>>({});
	indicator = $state<BroadbandIndicator>(DEFAULT_INDICATOR);
	filters = $state<FilterSelection>({});
	/** Interventions coloured by ambito, or by stato di avanzamento. */
	interventionColour = $state<InterventionColouring>('ambito');

	constructor(initial: Initial, known: string[]) {
		this.visible = (initial.layers ?? []).filter((id) => known.includes(id));
		if (isIndicator(initial.indicator)) this.indicator = initial.indicator;
		this.setInterventionColour(initial.colour ?? 'ambito');
		this.filters = Object.fromEntries(
			Object.entries(initial.filters ?? {}).filter(([id]) => known.includes(id))
		);
	}

	/** Whether features with this value of the field are shown (all are, until the user narrows). */
	isShown(layer: string, field: string, value: string) {
		return this.filters[layer]?.[field]?.includes(value) ?? true;
	}

	/** Shows or hides one value; `all` is every value the layer has, to know when the field is back to all. */
	setShown(layer: string, field: string, value: string, on: boolean, all: string[]) {
		const current = this.filters[layer]?.[field] ?? all;
		const next = on ? [...new Set([...current, value])] : current.filter((v) => v !== value);
		const fields = { ...this.filters[layer] };
		if (all.every((v) => next.includes(v))) delete fields[field];
		else fields[field] = all.filter((v) => next.includes(v));
		const filters = { ...this.filters, [layer]: fields };
		if (Object.keys(fields).length === 0) delete filters[layer];
		this.filters = filters;
	}

	/** Keeps one value of a field (a municipality, a year), or all of them when `value` is undefined. */
	setOnly(layer: string, field: string, value: string | undefined) {
		const fields = { ...this.filters[layer] };
		if (value === undefined) delete fields[field];
		else fields[field] = [value];
		const filters = { ...this.filters, [layer]: fields };
		if (Object.keys(fields).length === 0) delete filters[layer];
		this.filters = filters;
	}

	clearFilters(layer: string) {
		const { [layer]: _removed, ...rest } = this.filters;
		this.filters = rest;
	}

	isVisible(id: string) {
		return this.visible.includes(id);
	}

	toggle(id: string, on = !this.isVisible(id)) {
		this.visible = on
			? [...this.visible.filter((v) => v !== id), id]
			: this.visible.filter((v) => v !== id);
	}

	opacityOf(id: string) {
		return this.opacity[id] ?? DEFAULT_OPACITY;
	}

	setOpacity(id: string, value: number) {
		this.opacity = { ...this.opacity, [id]: Math.min(1, Math.max(0, value)) };
	}

	/** Moves a visible layer up (drawn later, on top) or down the stack. */
	move(id: string, direction: 'up' | 'down') {
		const at = this.visible.indexOf(id);
		const to = direction === 'up' ? at + 1 : at - 1;
		if (at < 0 || to < 0 || to >= this.visible.length) return;
		const next = [...this.visible];
		[next[at], next[to]] = [next[to], next[at]];
		this.visible = next;
	}

	setIndicator(value: string) {
		if (isIndicator(value)) this.indicator = value;
	}

	setInterventionColour(value: string) {
		if (value === 'ambito' || value === 'progress') this.interventionColour = value;
	}

	get urlState() {
		const filters = Object.fromEntries(
			Object.entries(this.filters).filter(([id]) => this.isVisible(id))
		);
		return {
			layers: this.visible.length ? this.visible : undefined,
			filters: Object.keys(filters).length ? filters : undefined,
			indicator:
				this.isVisible('broadband') && this.indicator !== DEFAULT_INDICATOR
					? this.indicator
					: undefined,
			colour:
				this.isVisible('interventions') && this.interventionColour !== 'ambito'
					? this.interventionColour
					: undefined
		};
	}
}

const KEY = Symbol('layer-state');

export function prepareLayerState(initial: Initial, known: string[]): LayerState {
	return setContext(KEY, new LayerState(initial, known));
}

export function getLayerState(): LayerState {
	const state = getContext<LayerState | undefined>(KEY);
	if (!state) throw new Error('getLayerState() needs prepareLayerState() in a parent component');
	return state;
}
