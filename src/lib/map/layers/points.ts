import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { markerLayer, type MarkerShape } from '../markers.ts';
import { LABEL_FONT, type Theme } from '../theme.ts';

export const pointLayerIds = (source: string) => ({
	circle: `${source}-circle`,
	label: `${source}-label`,
	route: `${source}-route`
});

/**
 * Points of a curated layer: solid markers of the layer's shape where the position is known, hollow
 * ones where it is an estimate ("posizione indicativa"), with the name beside them; routes as
 * dashed lines.
 */
export function pointLayers(
	source: string,
	theme: Theme,
	options: { color: string; shape: MarkerShape; opacity?: number }
): LayerSpecification[] {
	const ids = pointLayerIds(source);
	const isPoint: FilterSpecification = ['==', ['geometry-type'], 'Point'];
	return [
		{
			// Itinerary routes: straight segments between stops, dashed because they are indicative.
			id: ids.route,
			type: 'line',
			source,
			filter: ['==', ['geometry-type'], 'LineString'],
			layout: { 'line-cap': 'round' },
			paint: {
				'line-color': options.color,
				'line-width': 3,
				'line-dasharray': [2, 1.5],
				'line-opacity': 0.8 * (options.opacity ?? 1)
			}
		},
		markerLayer({
			id: ids.circle,
			source,
			filter: isPoint,
			shape: options.shape,
			size: 22,
			solid: { fill: options.color, stroke: theme.labelHalo, strokeWidth: 1.5 },
			hollow: {
				when: ['boolean', ['get', 'estimated'], false],
				fill: theme.estimatedFill,
				stroke: options.color,
				strokeWidth: 3
			},
			opacity: options.opacity
		}),
		{
			id: ids.label,
			type: 'symbol',
			source,
			filter: isPoint,
			minzoom: 9,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': [LABEL_FONT],
				'text-size': 11,
				'text-offset': [0, 1],
				'text-anchor': 'top',
				'text-max-width': 9,
				'text-optional': true
			},
			paint: {
				'text-color': options.color,
				'text-halo-color': theme.labelHalo,
				'text-halo-width': 1.5,
				'text-opacity': options.opacity ?? 1
			}
		}
	];
}
