import type { LayerSpecification } from 'maplibre-gl';
import { LABEL_FONT, type Theme } from '../theme.ts';

export const MUNICIPALITY_LAYER_IDS = {
	fill: 'municipalities-fill',
	line: 'municipalities-line',
	selectedLine: 'municipalities-selected-line',
	label: 'municipalities-label'
} as const;

/**
 * The municipal boundaries: a fill that reacts to hover and selection (feature-state) and
 * outlines. `source` must promote `istat` to the feature id.
 */
export function municipalityLayers(source: string, theme: Theme): LayerSpecification[] {
	return [
		{
			id: MUNICIPALITY_LAYER_IDS.fill,
			type: 'fill',
			source,
			paint: {
				// The outline layer above draws the edges: no antialiasing pass (a second draw of every
				// edge, and a shader program of its own).
				'fill-antialias': false,
				'fill-color': [
					'case',
					['boolean', ['feature-state', 'selected'], false],
					theme.municipalitySelected,
					['boolean', ['feature-state', 'hover'], false],
					theme.municipalityHover,
					theme.municipalityFill
				],
				'fill-opacity': [
					'case',
					['boolean', ['feature-state', 'selected'], false],
					0.35,
					['boolean', ['feature-state', 'hover'], false],
					0.55,
					0.7
				]
			}
		},
		{
			id: MUNICIPALITY_LAYER_IDS.line,
			type: 'line',
			source,
			paint: {
				'line-color': theme.municipalityLine,
				'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 12, 1.6]
			}
		},
		{
			id: MUNICIPALITY_LAYER_IDS.selectedLine,
			type: 'line',
			source,
			// Filters cannot read feature-state: the selection shows through opacity instead.
			paint: {
				'line-color': theme.municipalitySelectedLine,
				'line-width': 3,
				'line-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 1, 0]
			}
		}
	];
}

/** Municipality names, from a point source (one point inside each municipality, so no tile repeats a name). */
export function municipalityLabelLayers(source: string, theme: Theme): LayerSpecification[] {
	return [
		{
			id: MUNICIPALITY_LAYER_IDS.label,
			type: 'symbol',
			source,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': [LABEL_FONT],
				'text-size': ['interpolate', ['linear'], ['zoom'], 8, 10, 12, 15],
				'text-max-width': 7,
				'text-padding': 3
			},
			paint: {
				'text-color': theme.label,
				'text-halo-color': theme.labelHalo,
				'text-halo-width': 1.6
			}
		}
	];
}
