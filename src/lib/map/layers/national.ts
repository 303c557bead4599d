import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { percentageClasses, type ClassedScale } from '../legend.ts';
import type { Theme } from '../theme.ts';

/** PNRR projects per municipality: none, one, 2-3, 4-9, ten or more (fixed, so maps compare). */
export function pnrrClasses(theme: Theme): ClassedScale {
	return { breaks: [1, 2, 4, 10], colors: [...theme.pnrrSequential] };
}

/** The classes a national layer is drawn in: FTTH in the province's own fifths. */
export function nationalScale(layerId: 'national-broadband' | 'national-pnrr', theme: Theme) {
	return layerId === 'national-broadband'
		? percentageClasses(theme.sequential)
		: pnrrClasses(theme);
}

/** Below this zoom the national context is drawn without its municipal outlines. */
export const NATIONAL_OUTLINE_MIN_ZOOM = 7;

const step = (value: ExpressionSpecification, scale: ClassedScale) =>
	[
		'step',
		value,
		scale.colors[0],
		...scale.breaks.flatMap((b, i) => [b, scale.colors[i + 1]])
	] as unknown as ExpressionSpecification;

/**
 * One national context layer: every Italian municipality outside the atlas's province, in the
 * province's classes but muted, so Lucca's own layers read first and the rest of Italy as context.
 */
export function nationalLayers(
	layerId: 'national-broadband' | 'national-pnrr',
	source: string,
	theme: Theme,
	options: { province: string; opacity?: number }
): LayerSpecification[] {
	const outside: FilterSpecification = ['!=', ['get', 'province_code'], options.province];
	const scale = nationalScale(layerId, theme);
	const colour: ExpressionSpecification =
		layerId === 'national-broadband'
			? ([
					'case',
					['==', ['get', 'ftth_reliability'], 'unreliable'],
					theme.unreliable,
					// A tile leaves a null attribute out: `get` reads it as null either way.
					['==', ['get', 'ftth_share'], null],
					theme.noData,
					step(['to-number', ['get', 'ftth_share']], scale)
				] as unknown as ExpressionSpecification)
			: step(['to-number', ['get', 'pnrr_projects']], scale);
	const opacity = (options.opacity ?? 1) * theme.contextOpacity;
	return [
		{
			id: `${layerId}-fill`,
			type: 'fill',
			source,
			// The tile's layer is named after the catalogue layer (src/lib/server/vector-tiles.ts).
			'source-layer': layerId,
			filter: outside,
			// No antialiasing pass: it draws every municipality's outline once more, each frame.
			paint: { 'fill-color': colour, 'fill-opacity': opacity, 'fill-antialias': false }
		},
		{
			id: `${layerId}-line`,
			type: 'line',
			source,
			'source-layer': layerId,
			filter: outside,
			// From zoom 7: at the national view 7,899 outlines would only grey the map out (and cost
			// every frame of a pan); the classes' colours tell the municipalities apart.
			minzoom: NATIONAL_OUTLINE_MIN_ZOOM,
			paint: {
				'line-color': theme.contextLine,
				'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.2, 10, 0.8],
				'line-opacity': opacity
			}
		}
	];
}

/**
 * The province's and the regions' outlines over the national context (its fills would cover the
 * basemap's own), from the atlas's land GeoJSON.
 */
export function contextOutlineLayers(
	layerId: string,
	landSource: string,
	theme: Theme
): LayerSpecification[] {
	return [
		{
			id: `${layerId}-regions`,
			type: 'line',
			source: landSource,
			filter: ['==', ['get', 'kind'], 'region'],
			paint: {
				'line-color': theme.contextRegionLine,
				'line-width': 1.2,
				'line-dasharray': [3, 2]
			}
		},
		{
			id: `${layerId}-province`,
			type: 'line',
			source: landSource,
			filter: ['==', ['get', 'kind'], 'province'],
			paint: { 'line-color': theme.provinceOutline, 'line-width': 2.5 }
		}
	];
}
