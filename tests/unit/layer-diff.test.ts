import type { LayerSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { layerChanges, sameFeatures } from '../../src/lib/map/layer-diff.ts';

const fill = (id: string, opacity = 0.7): LayerSpecification => ({
	id,
	type: 'fill',
	source: `layer-${id}`,
	paint: { 'fill-opacity': opacity }
});

describe('layerChanges', () => {
	it('adds every layer the first time, in order', () => {
		const changes = layerChanges(new Map(), [
			{ spec: fill('a'), before: 'line' },
			{ spec: fill('b'), before: 'line' }
		]);
		expect(changes.remove).toEqual([]);
		expect(changes.place.map((p) => [p.spec.id, p.kept])).toEqual([
			['a', false],
			['b', false]
		]);
	});

	it('keeps unchanged layers, replaces a changed one and removes a hidden one', () => {
		const first = layerChanges(new Map(), [
			{ spec: fill('a'), before: 'line' },
			{ spec: fill('b'), before: 'line' },
			{ spec: fill('c'), before: 'line' }
		]);
		const second = layerChanges(first.drawn, [
			{ spec: fill('b', 0.3), before: 'line' },
			{ spec: fill('a'), before: 'line' }
		]);
		expect(second.remove.sort()).toEqual(['b', 'c']);
		// The new order is kept: b (re-added) below a (kept, moved above it).
		expect(second.place.map((p) => [p.spec.id, p.kept])).toEqual([
			['b', false],
			['a', true]
		]);
	});

	it('replaces a layer that moves below another map layer', () => {
		const first = layerChanges(new Map(), [{ spec: fill('a'), before: 'line' }]);
		const second = layerChanges(first.drawn, [{ spec: fill('a'), before: 'label' }]);
		expect(second.remove).toEqual(['a']);
		expect(second.place[0].kept).toBe(false);
	});
});

describe('sameFeatures', () => {
	it('is true only for the same feature objects in the same order', () => {
		const a = { id: 1 };
		const b = { id: 2 };
		expect(sameFeatures([a, b], [a, b])).toBe(true);
		expect(sameFeatures([a, b], [b, a])).toBe(false);
		expect(sameFeatures([a, b], [a, { id: 2 }])).toBe(false);
		expect(sameFeatures(undefined, [])).toBe(false);
	});
});
