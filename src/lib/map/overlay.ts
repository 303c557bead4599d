import type { FeatureCollection, Point } from 'geojson';
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { MunicipalitySummary } from '#lib/types.ts';
import { municipalityLabelLayers, municipalityLayers } from './layers/municipalities.ts';
import type { Theme } from './theme.ts';

export const MUNICIPALITY_SOURCE = 'municipalities';
export const MUNICIPALITY_LABEL_SOURCE = 'municipality-labels';

/** One point per municipality, where its name is drawn. */
export function labelPoints(municipalities: MunicipalitySummary[]): FeatureCollection<Point> {
	return {
		type: 'FeatureCollection',
		features: municipalities.map((m) => ({
			type: 'Feature',
			properties: { istat: m.istat, name: m.name },
			geometry: { type: 'Point', coordinates: m.label_point }
		}))
	};
}

/** The atlas's own sources and layers, drawn over whichever basemap is in use. */
export function atlasOverlay(options: {
	/** The municipal boundaries' GeoJSON, or its URL for MapLibre to fetch. */
	municipalitiesData: string | GeoJSON.GeoJSON;
	municipalities: MunicipalitySummary[];
	attribution: string;
	theme: Theme;
}): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
	return {
		sources: {
			[MUNICIPALITY_SOURCE]: {
				type: 'geojson',
				data: options.municipalitiesData,
				promoteId: 'istat',
				attribution: options.attribution
			},
			[MUNICIPALITY_LABEL_SOURCE]: { type: 'geojson', data: labelPoints(options.municipalities) }
		},
		layers: [
			...municipalityLayers(MUNICIPALITY_SOURCE, options.theme),
			...municipalityLabelLayers(MUNICIPALITY_LABEL_SOURCE, options.theme)
		]
	};
}
