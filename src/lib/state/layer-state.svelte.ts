import { getContext, setContext } from 'svelte';
import { BROADBAND_INDICATORS, type BroadbandIndicator } from '#lib/types.ts';

export const DEFAULT_INDICATOR: BroadbandIndicator = 'ftth_household_share';
export const DEFAULT_OPACITY = 0.8;

function isIndicator(value: string | undefined): value is BroadbandIndicator {
	return (BROADBAND_INDICATORS as readonly string[]).includes(value ?? '');
}

/** Which thematic layers are on, in what order (bottom first), how opaque, and which indicator. */
export class LayerState {
	visible = $state<string[]>([]);
	opacity = $state<Record<string, number>>({});
	indicator = $state<BroadbandIndicator>(DEFAULT_INDICATOR);

	constructor(initial: { layers?: string[]; indicator?: string }, known: string[]) {
		this.visible = (initial.layers ?? []).filter((id) => known.includes(id));
		if (isIndicator(initial.indicator)) this.indicator = initial.indicator;
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

	get urlState() {
		return {
			layers: this.visible.length ? this.visible : undefined,
			indicator:
				this.isVisible('broadband') && this.indicator !== DEFAULT_INDICATOR
					? this.indicator
					: undefined
		};
	}
}

const KEY = Symbol('layer-state');

export function prepareLayerState(
	initial: { layers?: string[]; indicator?: string },
	known: string[]
): LayerState {
	return setContext(KEY, new LayerState(initial, known));
}

export function getLayerState(): LayerState {
	const state = getContext<LayerState | undefined>(KEY);
	if (!state) throw new Error('getLayerState() needs prepareLayerState() in a parent component');
	return state;
}
