import type { FeatureCollection, Geometry } from 'geojson';
import type {
	FilterSpecification,
	GeoJSONSourceSpecification,
	LayerSpecification,
	SourceSpecification
} from 'maplibre-gl';
import type { Lang } from '#lib/i18n/index.ts';
import type { BroadbandIndicator, BroadbandProperties, LayerInfo, SourceInfo } from '#lib/types.ts';
import { broadbandScale } from './broadband-scale.ts';
import { broadbandLayers } from './layers/broadband.ts';
import { pointLayerIds, pointLayers } from './layers/points.ts';
import { bottleneckLayerIds, bottleneckLayers } from './layers/bottlenecks.ts';
import { districtLayerIds, districtLayers } from './layers/districts.ts';
import {
	interventionLayerIds,
	interventionLayers,
	type InterventionColouring
} from './layers/interventions.ts';
import {
	OBSERVATION_CLUSTER_MAX_ZOOM,
	observationLayerIds,
	observationLayers
} from './layers/observations.ts';
import { contextOutlineLayers, nationalLayers } from './layers/national.ts';
import { LAYER_MARKERS } from './markers.ts';
import type { Theme } from './theme.ts';

export const sourceIdOf = (layerId: string) => `layer-${layerId}`;

/** Layers drawn as a choropleth: each municipality filled with its class's colour. */
export const CHOROPLETH_LAYERS: ReadonlySet<string> = new Set([
	'broadband',
	'national-broadband',
	'national-pnrr'
]);

/** Whether a choropleth is among the layers shown: area layers are then hatched, not filled. */
export const choroplethShown = (visible: readonly string[]) =>
	visible.some((id) => CHOROPLETH_LAYERS.has(id));

/**
 * The attribution a thematic layer's source prints while it is shown: the layer's title in the
 * reader's language and its sources' owners, named as they write themselves, each once, so the
 * line stays short with every layer on; the layer's about sheet gives the full titles and links.
 */
export function attributionOf(layer: Pick<LayerInfo, 'title' | 'sources'>, lang: Lang): string {
	const owners = layer.sources.map((s) => s.owner);
	return `${layer.title[lang]}: ${[...new Set(owners)].join(', ')}`;
}

/** The municipality layer's own attribution: its boundaries' and residents' sources, each once. */
export function boundaryAttribution(
	sources: Pick<SourceInfo, 'id' | 'attribution'>[],
	lang: Lang
): string {
	return [
		...new Set(
			sources
				.filter((s) => s.id === 'municipal-boundaries' || s.id === 'population-2021')
				.map((s) => s.attribution[lang])
		)
	].join(' · ');
}

/** Adds a filter to every layer of a style, on top of the layer's own. */
export function restrictLayers(
	layers: LayerSpecification[],
	filter: FilterSpecification | undefined
): LayerSpecification[] {
	if (!filter) return layers;
	return layers.map((spec) =>
		spec.type === 'background'
			? spec
			: ({
					...spec,
					filter: spec.filter ? ['all', spec.filter, filter] : filter
				} as LayerSpecification)
	);
}

interface ThematicStyle {
	sourceId: string;
	source: SourceSpecification;
	layers: LayerSpecification[];
	clickable: string[];
	/**
	 * The filters narrow the source's data, not its layers (a clustered source groups only what
	 * it holds): the map replaces the data when they change.
	 */
	filtersData?: boolean;
	/** Further sources its layers read (the national context's outlines). */
	extraSources?: Record<string, SourceSpecification>;
}

/** The source of the province's and the regions' outlines drawn over the national context. */
export const CONTEXT_OUTLINE_SOURCE = 'context-outlines';

/**
 * A national context layer, drawn from the atlas's vector tiles (every Italian municipality) with
 * the province's and regions' outlines over it.
 */
export function nationalLayerStyle(
	layer: LayerInfo & { id: 'national-broadband' | 'national-pnrr' },
	theme: Theme,
	options: { tilesUrl: string; landUrl: string; province: string; opacity: number; lang: Lang }
): ThematicStyle {
	const sourceId = sourceIdOf(layer.id);
	return {
		sourceId,
		source: {
			type: 'vector',
			tiles: [options.tilesUrl],
			// The server simplifies per zoom down to 12; beyond, MapLibre scales the z12 tiles.
			minzoom: 0,
			maxzoom: 12,
			attribution: attributionOf(layer, options.lang)
		},
		layers: [
			...nationalLayers(layer.id, sourceId, theme, {
				province: options.province,
				opacity: options.opacity
			}),
			...contextOutlineLayers(layer.id, CONTEXT_OUTLINE_SOURCE, theme)
		],
		clickable: [],
		extraSources: { [CONTEXT_OUTLINE_SOURCE]: { type: 'geojson', data: options.landUrl } }
	};
}

/** Layers whose source is clustered: filtered by their data (`keep`), not by a layer filter. */
export const CLUSTERED_LAYERS = new Set(['observations']);

/** The MapLibre source and layers that draw one thematic layer, restricted by its filters. */
export function thematicLayerStyle(
	layer: LayerInfo,
	collection: FeatureCollection<Geometry, Record<string, unknown>>,
	theme: Theme,
	options: {
		indicator: BroadbandIndicator;
		opacity: number;
		/** The reader's language: the source's attribution is written in it. */
		lang: Lang;
		filter?: FilterSpecification;
		/** How interventions are coloured (ambito unless said). */
		interventionColour?: InterventionColouring;
		/** Id of the selected feature, for layers that highlight it. */
		selected?: string;
		/** For clustered layers: the features the filters keep. */
		keep?: (properties: Record<string, unknown>) => boolean;
		/** A choropleth is shown too: area layers draw hatched outlines rather than fills. */
		choroplethShown?: boolean;
	}
): ThematicStyle {
	if (CLUSTERED_LAYERS.has(layer.id)) {
		const kept = options.keep
			? { ...collection, features: collection.features.filter((f) => options.keep!(f.properties)) }
			: collection;
		return { ...unfilteredStyle(layer, kept, theme, options), filtersData: true };
	}
	const style = unfilteredStyle(layer, collection, theme, options);
	return { ...style, layers: restrictLayers(style.layers, options.filter) };
}

function unfilteredStyle(
	layer: LayerInfo,
	collection: FeatureCollection<Geometry, Record<string, unknown>>,
	theme: Theme,
	options: {
		indicator: BroadbandIndicator;
		opacity: number;
		lang: Lang;
		selected?: string;
		interventionColour?: InterventionColouring;
		choroplethShown?: boolean;
	}
): ThematicStyle {
	const sourceId = sourceIdOf(layer.id);
	const source: GeoJSONSourceSpecification = {
		type: 'geojson',
		data: collection,
		attribution: attributionOf(layer, options.lang)
	};
	if (layer.id === 'broadband') {
		const features = collection.features as unknown as { properties: BroadbandProperties }[];
		return {
			sourceId,
			source,
			layers: broadbandLayers(sourceId, theme, {
				indicator: options.indicator,
				scale: broadbandScale(options.indicator, features, theme.sequential),
				opacity: options.opacity
			}),
			clickable: []
		};
	}
	if (layer.id === 'interventions') {
		const ids = interventionLayerIds(sourceId);
		return {
			sourceId,
			source,
			layers: interventionLayers(sourceId, theme, {
				opacity: options.opacity,
				selected: options.selected,
				colourBy: options.interventionColour,
				choroplethShown: options.choroplethShown
			}),
			clickable: [ids.area, ids.line, ids.point]
		};
	}
	if (layer.id === 'observations') {
		const ids = observationLayerIds(sourceId);
		return {
			sourceId,
			source: {
				...source,
				cluster: true,
				clusterMaxZoom: OBSERVATION_CLUSTER_MAX_ZOOM,
				clusterRadius: 40
			},
			layers: observationLayers(sourceId, theme, { opacity: options.opacity }),
			clickable: [ids.point, ids.cluster]
		};
	}
	if (layer.id === 'districts') {
		return {
			sourceId,
			source,
			layers: districtLayers(sourceId, theme, {
				opacity: options.opacity,
				choroplethShown: options.choroplethShown
			}),
			clickable: [districtLayerIds(sourceId).fill]
		};
	}
	if (layer.id === 'bottlenecks') {
		const ids = bottleneckLayerIds(sourceId);
		return {
			sourceId,
			source,
			layers: bottleneckLayers(sourceId, theme, { opacity: options.opacity }),
			clickable: [ids.bottleneckPoint, ids.station, ids.bottleneckLine, ids.rail]
		};
	}
	return {
		sourceId,
		source,
		layers: pointLayers(sourceId, theme, {
			color: theme.layerColors[layer.id] ?? theme.provinceOutline,
			shape: LAYER_MARKERS[layer.id as keyof typeof LAYER_MARKERS] ?? 'square',
			opacity: options.opacity
		}),
		clickable: [pointLayerIds(sourceId).circle, pointLayerIds(sourceId).route]
	};
}
