import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { AREA_LAYER_HATCH, hatchedAreaLayers } from './hatched-areas.ts';
import type { Theme } from '../theme.ts';

export const districtLayerIds = (source: string) => ({
	fill: `${source}-fill`,
	casing: `${source}-casing`,
	line: `${source}-line`
});

/**
 * Industrial districts. Alone: translucent areas coloured by sector, outlined in the same colour.
 * Over a choropleth (`choroplethShown`), their fills would read as more classes: each district is
 * then a hatch (falling, "\\") and an outline on a white casing, in a hue no choropleth uses.
 */
export function districtLayers(
	source: string,
	theme: Theme,
	options: { opacity?: number; choroplethShown?: boolean } = {}
): LayerSpecification[] {
	const ids = districtLayerIds(source);
	const opacity = options.opacity ?? 1;
	if (options.choroplethShown)
		return hatchedAreaLayers(ids, source, theme, {
			opacity,
			hatch: AREA_LAYER_HATCH.districts
		});
	const color = [
		'match',
		['get', 'sector'],
		...Object.entries(theme.districtColors).flat(),
		theme.districtColors.mechanics
	] as unknown as ExpressionSpecification;
	return [
		{
			id: ids.fill,
			type: 'fill',
			source,
			paint: {
				// The outline layer above draws the edges: no antialiasing pass (a second draw of every
				// edge, and a shader program of its own).
				'fill-antialias': false,
				'fill-color': color,
				'fill-opacity': 0.35 * opacity
			}
		},
		{
			id: ids.line,
			type: 'line',
			source,
			paint: { 'line-color': color, 'line-width': 2.5, 'line-opacity': opacity }
		}
	];
}
