import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { LAYER_MARKERS, markerLayer } from '../markers.ts';
import { LABEL_FONT, type Theme } from '../theme.ts';

export const bottleneckLayerIds = (source: string) => ({
	railCasing: `${source}-rail-casing`,
	rail: `${source}-rail`,
	bottleneckLine: `${source}-bottleneck-line`,
	bottleneckPoint: `${source}-bottleneck-point`,
	station: `${source}-station`,
	stationLabel: `${source}-station-label`
});

const kind = (value: string): ExpressionSpecification => ['==', ['get', 'kind'], value];
const schematic: ExpressionSpecification = ['==', ['get', 'precision'], 'schematic'];
/** Set by the atlas for estimated and schematic positions: drawn hollow. */
const estimated: ExpressionSpecification = ['boolean', ['get', 'estimated'], false];

/**
 * Railways (RFI sections, cased dark lines), stations (white dots) and bottlenecks (thick red: solid
 * where placed from the source's geometry, dashed where the trace is schematic; red triangles where
 * a point).
 */
export function bottleneckLayers(
	source: string,
	theme: Theme,
	options: { opacity?: number } = {}
): LayerSpecification[] {
	const ids = bottleneckLayerIds(source);
	const opacity = options.opacity ?? 1;
	return [
		{
			id: ids.railCasing,
			type: 'line',
			source,
			filter: kind('rail-line'),
			paint: { 'line-color': theme.railCasing, 'line-width': 4, 'line-opacity': opacity }
		},
		{
			id: ids.rail,
			type: 'line',
			source,
			filter: kind('rail-line'),
			paint: { 'line-color': theme.rail, 'line-width': 2, 'line-opacity': opacity }
		},
		{
			id: ids.bottleneckLine,
			type: 'line',
			source,
			filter: ['all', kind('bottleneck'), ['==', ['geometry-type'], 'LineString']],
			layout: { 'line-cap': 'round' },
			paint: {
				'line-color': theme.bottleneck,
				'line-width': 6,
				'line-opacity': opacity * 0.85,
				// Dashes cannot be data-driven: schematic traces get their own layer below.
				'line-dasharray': [1, 0]
			}
		},
		{
			id: `${ids.bottleneckLine}-schematic-mask`,
			type: 'line',
			source,
			filter: ['all', kind('bottleneck'), ['==', ['geometry-type'], 'LineString'], schematic],
			paint: {
				'line-color': theme.railCasing,
				'line-width': 3,
				'line-dasharray': [2, 2],
				'line-opacity': opacity
			}
		},
		markerLayer({
			id: ids.bottleneckPoint,
			source,
			filter: ['all', kind('bottleneck'), ['==', ['geometry-type'], 'Point']],
			shape: LAYER_MARKERS.bottlenecks,
			size: 24,
			solid: { fill: theme.bottleneck, stroke: theme.labelHalo, strokeWidth: 1.5 },
			hollow: {
				when: estimated,
				fill: theme.estimatedFill,
				stroke: theme.bottleneck,
				strokeWidth: 3
			},
			opacity
		}),
		{
			id: ids.station,
			type: 'circle',
			source,
			filter: kind('station'),
			paint: {
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 13, 6],
				'circle-color': theme.railCasing,
				'circle-stroke-color': theme.rail,
				'circle-stroke-width': 1.5,
				'circle-opacity': opacity,
				'circle-stroke-opacity': opacity
			}
		},
		{
			id: ids.stationLabel,
			type: 'symbol',
			source,
			filter: kind('station'),
			minzoom: 10.5,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': [LABEL_FONT],
				'text-size': 10,
				'text-offset': [0, 0.9],
				'text-anchor': 'top',
				'text-optional': true
			},
			paint: {
				'text-color': theme.rail,
				'text-halo-color': theme.labelHalo,
				'text-halo-width': 1.4,
				'text-opacity': opacity
			}
		}
	];
}
