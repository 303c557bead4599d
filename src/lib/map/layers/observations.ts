import type { LayerSpecification } from 'maplibre-gl';
import { LAYER_MARKERS, markerLayer } from '../markers.ts';
import { LABEL_FONT, type Theme } from '../theme.ts';

export const observationLayerIds = (source: string) => ({
	cluster: `${source}-cluster`,
	count: `${source}-count`,
	point: `${source}-point`,
	label: `${source}-label`
});

/** Zoomed out further than this, nearby observations are drawn as one group with its count. */
export const OBSERVATION_CLUSTER_MAX_ZOOM = 12;

const isCluster = ['has', 'point_count'] as const;

/**
 * Observations from the territory, from a clustered GeoJSON source: groups as circles sized by
 * how many they hold, with the count inside; single observations as diamonds whose fill tells
 * the shape drawn (a point solid, a line or an area hollow), with their title when close.
 */
export function observationLayers(
	source: string,
	theme: Theme,
	options: { opacity?: number } = {}
): LayerSpecification[] {
	const ids = observationLayerIds(source);
	const colour = theme.observation;
	const opacity = options.opacity ?? 1;
	return [
		{
			id: ids.cluster,
			type: 'circle',
			source,
			filter: [...isCluster],
			paint: {
				'circle-color': colour,
				'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22],
				'circle-stroke-color': theme.labelHalo,
				'circle-stroke-width': 2,
				'circle-opacity': 0.85 * opacity
			}
		},
		{
			id: ids.count,
			type: 'symbol',
			source,
			filter: [...isCluster],
			layout: {
				'text-field': ['to-string', ['get', 'point_count']],
				'text-font': [LABEL_FONT],
				'text-size': 12,
				'text-allow-overlap': true
			},
			paint: { 'text-color': theme.labelHalo, 'text-opacity': opacity }
		},
		markerLayer({
			id: ids.point,
			source,
			filter: ['!', [...isCluster]],
			shape: LAYER_MARKERS.observations,
			size: 22,
			solid: { fill: colour, stroke: theme.labelHalo, strokeWidth: 1.5 },
			hollow: {
				when: ['!=', ['get', 'shape'], 'point'],
				fill: theme.labelHalo,
				stroke: colour,
				strokeWidth: 3
			},
			opacity
		}),
		{
			id: ids.label,
			type: 'symbol',
			source,
			filter: ['!', [...isCluster]],
			minzoom: OBSERVATION_CLUSTER_MAX_ZOOM,
			layout: {
				'text-field': ['get', 'title'],
				'text-font': [LABEL_FONT],
				'text-size': 11,
				'text-offset': [0, 1.1],
				'text-anchor': 'top',
				'text-max-width': 10,
				'text-optional': true
			},
			paint: {
				'text-color': colour,
				'text-halo-color': theme.labelHalo,
				'text-halo-width': 1.5,
				'text-opacity': opacity
			}
		}
	];
}
