import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Theme } from '../theme.ts';
import { AREA_LAYER_HATCH, hatchedAreaLayers } from './hatched-areas.ts';

export const interventionLayerIds = (source: string) => ({
	area: `${source}-area`,
	areaCasing: `${source}-area-casing`,
	areaLine: `${source}-area-line`,
	selectedOutline: `${source}-selected-outline`,
	line: `${source}-line`,
	point: `${source}-point`,
	selected: `${source}-selected`
});

/** The colour of an intervention's primary ambito; grey when none has been given yet. */
export function ambitoColor(theme: Theme): ExpressionSpecification {
	return [
		'match',
		['coalesce', ['get', 'primary_ambito'], 0],
		...theme.ambitoColors.flatMap((color, index) => [index + 1, color]),
		theme.ambitoUnassigned
	] as unknown as ExpressionSpecification;
}

/** How interventions are coloured: by their primary ambito, or by their stato di avanzamento. */
export type InterventionColouring = 'ambito' | 'progress';

/** The colour of an intervention's progress by the monitoring rules; grey when not monitored. */
export function progressColor(theme: Theme): ExpressionSpecification {
	const { not_monitored: fallback, ...others } = theme.progressColors;
	return [
		'match',
		['coalesce', ['get', 'progress'], 'not_monitored'],
		...Object.entries(others).flat(),
		fallback
	] as unknown as ExpressionSpecification;
}

const geometryIs = (...types: string[]): ExpressionSpecification => [
	'in',
	['geometry-type'],
	['literal', types]
];

/**
 * Interventions coloured by ambito (or by progress): areas lightly filled, lines dashed (they are schematic), points
 * as rings so the place beneath stays visible; the selected one gets a dark halo. Over a choropleth
 * (`choroplethShown`) areas are hatched and outlined instead, as every area layer is, along the
 * other diagonal from the districts' ("/").
 */
export function interventionLayers(
	source: string,
	theme: Theme,
	options: {
		opacity?: number;
		selected?: string;
		colourBy?: InterventionColouring;
		choroplethShown?: boolean;
	} = {}
): LayerSpecification[] {
	const ids = interventionLayerIds(source);
	const opacity = options.opacity ?? 1;
	const color = options.colourBy === 'progress' ? progressColor(theme) : ambitoColor(theme);
	const areas: LayerSpecification[] = options.choroplethShown
		? hatchedAreaLayers(
				{ fill: ids.area, casing: ids.areaCasing, line: ids.areaLine },
				source,
				theme,
				{
					opacity,
					filter: geometryIs('Polygon', 'MultiPolygon'),
					hatch: AREA_LAYER_HATCH.interventions
				}
			)
		: [
				{
					id: ids.area,
					type: 'fill',
					source,
					filter: geometryIs('Polygon', 'MultiPolygon'),
					paint: {
						'fill-color': color,
						'fill-opacity': 0.18 * opacity,
						'fill-outline-color': color
					}
				}
			];
	return [
		...areas,
		{
			// A dark halo under the selected line or area outline, so the list's choice shows on the map.
			id: ids.selectedOutline,
			type: 'line',
			source,
			filter: [
				'all',
				geometryIs('LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'),
				['==', ['get', 'id'], options.selected ?? '']
			],
			layout: { 'line-cap': 'round', 'line-join': 'round' },
			paint: {
				'line-color': theme.municipalitySelectedLine,
				'line-width': 8,
				'line-opacity': 0.8 * opacity
			}
		},
		{
			id: ids.line,
			type: 'line',
			source,
			filter: geometryIs('LineString', 'MultiLineString'),
			layout: { 'line-cap': 'round' },
			paint: {
				'line-color': color,
				'line-width': 4,
				'line-dasharray': [1.5, 1],
				'line-opacity': opacity
			}
		},
		{
			id: ids.selected,
			type: 'circle',
			source,
			filter: [
				'all',
				geometryIs('Point', 'MultiPoint'),
				['==', ['get', 'id'], options.selected ?? '']
			],
			paint: {
				'circle-radius': 12,
				'circle-color': 'rgba(0,0,0,0)',
				'circle-stroke-color': theme.municipalitySelectedLine,
				'circle-stroke-width': 3,
				'circle-opacity': opacity
			}
		},
		{
			id: ids.point,
			type: 'circle',
			source,
			filter: geometryIs('Point', 'MultiPoint'),
			paint: {
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 13, 8],
				'circle-color': color,
				'circle-stroke-color': theme.labelHalo,
				'circle-stroke-width': 1.5,
				'circle-opacity': opacity,
				'circle-stroke-opacity': opacity
			}
		}
	];
}
