import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { LABEL_FONT, type Theme } from './theme.ts';

export const OFFLINE_LAND_SOURCE = 'atlas-land';

/**
 * The atlas's own basemap, drawn from data it serves itself: sea as background, land from the
 * regional boundaries, the province outline. Used whenever the online basemap cannot be reached.
 */
export function offlineBasemapStyle(options: {
	/** The land's GeoJSON, or its URL for MapLibre to fetch. */
	land: string | GeoJSON.GeoJSON;
	fontUrl: string;
	attribution: string;
	theme: Theme;
}): StyleSpecification {
	const { theme } = options;
	return {
		version: 8,
		name: 'Atlante Lucca 2030 offline',
		'font-faces': { [LABEL_FONT]: options.fontUrl },
		sources: {
			[OFFLINE_LAND_SOURCE]: {
				type: 'geojson',
				data: options.land,
				attribution: options.attribution
			}
		},
		layers: [
			{ id: 'sea', type: 'background', paint: { 'background-color': theme.sea } },
			{
				id: 'land',
				type: 'fill',
				source: OFFLINE_LAND_SOURCE,
				filter: ['==', ['get', 'kind'], 'region'],
				paint: { 'fill-color': theme.land }
			},
			{
				id: 'region-boundaries',
				type: 'line',
				source: OFFLINE_LAND_SOURCE,
				filter: ['==', ['get', 'kind'], 'region'],
				paint: { 'line-color': theme.regionBoundary, 'line-width': 0.8, 'line-dasharray': [3, 2] }
			},
			{
				id: 'province-outline',
				type: 'line',
				source: OFFLINE_LAND_SOURCE,
				filter: ['==', ['get', 'kind'], 'province'],
				paint: { 'line-color': theme.provinceOutline, 'line-width': 2.5 }
			}
		]
	};
}

/**
 * Adds the atlas's overlay (sources, layers, label font) on top of a basemap style, returning a
 * new style: the basemap's own layers stay below.
 */
export function withOverlay(
	basemap: StyleSpecification,
	overlay: {
		sources: Record<string, SourceSpecification>;
		layers: LayerSpecification[];
		fontUrl: string;
	}
): StyleSpecification {
	return {
		...basemap,
		'font-faces': { ...(basemap['font-faces'] ?? {}), [LABEL_FONT]: overlay.fontUrl },
		sources: { ...basemap.sources, ...overlay.sources },
		layers: [...basemap.layers, ...overlay.layers]
	};
}

/**
 * The map's current style with the online basemap in place of the offline one it was drawn on
 * first: the online basemap's layers at the bottom, then everything drawn over the offline one
 * (municipalities, thematic layers, drawings) in the same order, with their sources.
 */
export function swapBasemap(
	current: StyleSpecification,
	offline: StyleSpecification,
	online: StyleSpecification
): StyleSpecification {
	const offlineLayers = new Set(offline.layers.map((l) => l.id));
	const offlineSources = new Set(Object.keys(offline.sources));
	// The online style's own settings (glyphs, sprite); the camera stays where the user left it.
	return {
		...online,
		'font-faces': { ...(online['font-faces'] ?? {}), ...(current['font-faces'] ?? {}) },
		sources: {
			...online.sources,
			...Object.fromEntries(
				Object.entries(current.sources).filter(([id]) => !offlineSources.has(id))
			)
		},
		layers: [...online.layers, ...current.layers.filter((l) => !offlineLayers.has(l.id))]
	};
}

/**
 * Fetches the online basemap style, giving up after `timeoutMs`. Resolves to undefined (never
 * rejects) when it is unreachable or not a style, so the caller falls back without an error.
 */
export async function fetchOnlineStyle(
	url: string,
	timeoutMs: number,
	fetcher: typeof fetch = fetch
): Promise<StyleSpecification | undefined> {
	try {
		const response = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs) });
		if (!response.ok) return undefined;
		const style = (await response.json()) as Partial<StyleSpecification>;
		if (style?.version !== 8 || !Array.isArray(style.layers) || typeof style.sources !== 'object') {
			return undefined;
		}
		return style as StyleSpecification;
	} catch {
		return undefined;
	}
}
