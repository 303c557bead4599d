import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { AREA_HATCH_IMAGE } from '../hatch.ts';
import type { Theme } from '../theme.ts';

/**
 * An area layer drawn over a choropleth: a hatch (the image AREA_HATCH_IMAGE) and an outline on a
 * white casing, both in `theme.areaOverChoropleth`, so no area ever reads as one more class.
 */
export function hatchedAreaLayers(
	ids: { fill: string; casing: string; line: string },
	source: string,
	theme: Theme,
	options: { opacity?: number; filter?: FilterSpecification } = {}
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
			paint: { 'fill-pattern': AREA_HATCH_IMAGE, 'fill-opacity': 0.8 * opacity }
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
