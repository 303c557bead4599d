import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { AREA_HATCH_IMAGES, type HatchDirection } from '../hatch.ts';
import type { Theme } from '../theme.ts';

/**
 * Each area layer's hatch over a choropleth: the same hue, the other diagonal, so districts and
 * intervention areas shown together tell apart (and an intervention drawn on a district's ground
 * reads cross-hatched, both at once). The map's style, legend and static image all read it here.
 */
export const AREA_LAYER_HATCH = {
	districts: 'falling',
	interventions: 'rising'
} as const satisfies Record<string, HatchDirection>;

/**
 * An area layer drawn over a choropleth: a hatch (the image of the layer's own `options.hatch`)
 * and an outline on a white casing, both in `theme.areaOverChoropleth`, so no area ever reads as
 * one more class.
 */
export function hatchedAreaLayers(
	ids: { fill: string; casing: string; line: string },
	source: string,
	theme: Theme,
	options: { hatch: HatchDirection; opacity?: number; filter?: FilterSpecification }
): LayerSpecification[] {
	const opacity = options.opacity ?? 1;
	const filter = options.filter ? { filter: options.filter } : {};
	return [
		{
			// Still a fill layer: a click inside the area reaches it.
			id: ids.fill,
			type: 'fill',
			source,
			...filter,
			paint: { 'fill-pattern': AREA_HATCH_IMAGES[options.hatch], 'fill-opacity': 0.8 * opacity }
		},
		{
			id: ids.casing,
			type: 'line',
			source,
			...filter,
			layout: { 'line-join': 'round' },
			paint: { 'line-color': theme.labelHalo, 'line-width': 6, 'line-opacity': 0.9 * opacity }
		},
		{
			id: ids.line,
			type: 'line',
			source,
			...filter,
			layout: { 'line-join': 'round' },
			paint: { 'line-color': theme.areaOverChoropleth, 'line-width': 3, 'line-opacity': opacity }
		}
	];
}
