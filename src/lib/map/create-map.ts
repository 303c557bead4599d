import type { Map as MapLibreMap } from 'maplibre-gl';
import fontUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import type { MunicipalitySummary } from '../types.ts';
import { fetchOnlineStyle, offlineBasemapStyle, withOverlay } from './basemap.ts';
import { atlasOverlay } from './overlay.ts';
import { lightTheme } from './theme.ts';

export interface AtlasMapOptions {
	container: HTMLElement;
	basemap: { styleUrl: string; timeoutMs: number };
	municipalities: MunicipalitySummary[];
	attribution: string;
	/** The offline basemap's own attribution, in the user's language. */
	offlineAttribution: string;
	view:
		| { center: [number, number]; zoom: number }
		| {
				bounds: [number, number, number, number];
				/** Room kept around the bounds (e.g. for the attribution below them). */
				padding?: { top: number; bottom: number; left: number; right: number };
		  };
	/** Where the scale bar goes: above the attribution (default), or bottom left. */
	scalePosition?: 'bottom-right' | 'bottom-left';
	/** A small map folds its attribution behind an (i) button. */
	compactAttribution?: boolean;
	/** Cancels creation when the component is gone before the basemap answered. */
	cancelled?: () => boolean;
}

const absolute = (path: string) => new URL(path, window.location.href).href;

/**
 * A MapLibre map with the atlas's basemap (online if it answers in time, else the offline style)
 * and the municipalities over it: the same map for the atlas, a proposal and the drawing editor.
 * Null when cancelled or when the browser cannot draw it (no WebGL).
 */
export async function createAtlasMap(
	options: AtlasMapOptions
): Promise<{ map: MapLibreMap; basemapKind: 'online' | 'offline' } | null> {
	const maplibregl = await import('maplibre-gl');
	const { default: workerUrl } = await import('maplibre-gl/dist/maplibre-gl-worker.mjs?url');
	maplibregl.setWorkerUrl(workerUrl);
	const online = await fetchOnlineStyle(options.basemap.styleUrl, options.basemap.timeoutMs);
	if (options.cancelled?.()) return null;
	const overlay = atlasOverlay({
		municipalitiesUrl: absolute('/api/v1/municipalities'),
		municipalities: options.municipalities,
		attribution: options.attribution,
		theme: lightTheme
	});
	const base =
		online ??
		offlineBasemapStyle({
			landUrl: absolute('/basemap/land.geojson'),
			fontUrl: absolute(fontUrl),
			attribution: options.offlineAttribution,
			theme: lightTheme
		});
	let map: MapLibreMap;
	try {
		map = new maplibregl.Map({
			container: options.container,
			style: withOverlay(base, { ...overlay, fontUrl: absolute(fontUrl) }),
			...('bounds' in options.view
				? {
						bounds: options.view.bounds,
						fitBoundsOptions: { padding: options.view.padding ?? 24 }
					}
				: options.view),
			attributionControl: { compact: options.compactAttribution ?? false },
			maxZoom: 17,
			minZoom: 5
		});
	} catch {
		return null;
	}
	// MapLibre opens a compact attribution until the map is first dragged: on a small map that
	// covers the drawing, so it starts folded behind its (i) button.
	if (options.compactAttribution)
		map.once('idle', () => {
			const attribution = options.container.querySelector('.maplibregl-ctrl-attrib');
			attribution?.classList.remove('maplibregl-compact-show');
			attribution?.removeAttribute('open');
		});
	map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
	// Above the attribution, which may run the map's whole width when many layers are on.
	map.addControl(
		new maplibregl.ScaleControl({ unit: 'metric' }),
		options.scalePosition ?? 'bottom-right'
	);
	return { map, basemapKind: online ? 'online' : 'offline' };
}
