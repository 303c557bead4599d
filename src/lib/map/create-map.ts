import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import mapLibreUrl from 'maplibre-gl/dist/maplibre-gl.mjs?url';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import fontUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import { translate, type Lang } from '../i18n/index.ts';
import type { MunicipalitySummary } from '../types.ts';
import { fetchOnlineStyle, offlineBasemapStyle, swapBasemap, withOverlay } from './basemap.ts';
import { atlasOverlay } from './overlay.ts';
import { lightTheme } from './theme.ts';

export interface AtlasMapOptions {
	container: HTMLElement;
	basemap: { styleUrl: string; timeoutMs: number };
	municipalities: MunicipalitySummary[];
	attribution: string;
	/** The offline basemap's own attribution, in the user's language. */
	offlineAttribution: string;
	/** The reader's language: the map's buttons are named in it. */
	lang: Lang;
	view:
		| { center: [number, number]; zoom: number }
		| {
				bounds: [number, number, number, number];
				/** Room kept around the bounds (e.g. for the attribution below them). */
				padding?: { top: number; bottom: number; left: number; right: number };
		  };
	/** Where the scale bar goes: above the attribution (default), or bottom left. */
	scalePosition?: 'bottom-right' | 'bottom-left';
	/**
	 * Whether the attribution folds behind an (i) button: always (a small map), never, or, when not
	 * said, on a map narrower than COMPACT_ATTRIBUTION_WIDTH (a phone), following its resizes.
	 */
	compactAttribution?: boolean;
	/**
	 * Whether an online basemap that answers after the map is drawn replaces the offline one
	 * (default true). The drawing editor keeps the offline one: its drawing tools own layers of
	 * their own that a style swap could disturb mid-drawing.
	 */
	swapLateBasemap?: boolean;
	/** Cancels creation when the component is gone before the basemap answered. */
	cancelled?: () => boolean;
}

/** What the first view needs: the atlas page preloads it from its HTML. */
export const MUNICIPALITIES_URL = '/api/v1/municipalities';
export const LAND_URL = '/basemap/land.geojson';
export { fontUrl as LABEL_FONT_URL, mapLibreUrl as MAPLIBRE_URL };

/** Below this width (px) a map's attribution folds behind its (i) button unless told otherwise. */
export const COMPACT_ATTRIBUTION_WIDTH = 700;

const absolute = (path: string) => new URL(path, window.location.href).href;

/** MapLibre's own words on its buttons, in the reader's language (its defaults are English). */
export function mapControlsLocale(lang: Lang): Record<string, string> {
	return {
		'Map.Title': translate(lang, 'mapControls.map'),
		'AttributionControl.ToggleAttribution': translate(lang, 'mapControls.toggleAttribution'),
		'NavigationControl.ZoomIn': translate(lang, 'mapControls.zoomIn'),
		'NavigationControl.ZoomOut': translate(lang, 'mapControls.zoomOut'),
		'NavigationControl.ResetBearing': translate(lang, 'mapControls.resetBearing')
	};
}

/** Closes a compact attribution: MapLibre opens it until the map is first dragged. */
function foldAttribution(container: HTMLElement) {
	const attribution = container.querySelector('.maplibregl-ctrl-attrib');
	if (!attribution?.classList.contains('maplibregl-compact')) return;
	attribution.classList.remove('maplibregl-compact-show');
	attribution.removeAttribute('open');
}

/**
 * MapLibre's code: its own ES module file, served as an asset (as its worker is) rather than
 * bundled, so that a page can preload it from the HTML (MAPLIBRE_URL) and it loads only where
 * there is a map. Requested as soon as a page with a map loads this module.
 */
const loadMapLibre = () =>
	import(/* @vite-ignore */ mapLibreUrl) as Promise<typeof import('maplibre-gl')>;
const mapLibre = typeof window === 'undefined' ? undefined : loadMapLibre();

/**
 * The GeoJSON at `url`, fetched on the page (where a preload may already hold it) while MapLibre's
 * code loads; its URL when that fails, for MapLibre to fetch and report as before.
 */
async function prefetch(url: string): Promise<GeoJSON.GeoJSON | string> {
	try {
		const response = await fetch(url);
		return response.ok ? ((await response.json()) as GeoJSON.GeoJSON) : url;
	} catch {
		return url;
	}
}

/**
 * A MapLibre map with the atlas's basemap and the municipalities over it: the same map for the
 * atlas, a proposal and the drawing editor. Nothing waits on the online basemap: MapLibre's code
 * and the first view's data load together, the map is drawn on the offline style unless the online
 * style is already there, and the online style replaces the offline one if it answers in time
 * (`online` says whether it did). Null when cancelled or when the browser cannot draw it (no WebGL).
 */
export async function createAtlasMap(options: AtlasMapOptions): Promise<{
	map: MapLibreMap;
	basemapKind: 'online' | 'offline';
	online: Promise<boolean>;
} | null> {
	const onlineStyle = fetchOnlineStyle(options.basemap.styleUrl, options.basemap.timeoutMs);
	let arrived: StyleSpecification | undefined;
	void onlineStyle.then((style) => (arrived = style));
	const [maplibregl, municipalities, land] = await Promise.all([
		mapLibre ?? loadMapLibre(),
		prefetch(absolute(MUNICIPALITIES_URL)),
		prefetch(absolute(LAND_URL))
	]);
	maplibregl.setWorkerUrl(workerUrl);
	// The workers start now, while the map sets up its WebGL context (long without a GPU).
	maplibregl.prewarm();
	if (options.cancelled?.()) return null;
	const overlay = {
		...atlasOverlay({
			municipalitiesData: municipalities,
			municipalities: options.municipalities,
			attribution: options.attribution,
			theme: lightTheme
		}),
		fontUrl: absolute(fontUrl)
	};
	const offline = offlineBasemapStyle({
		land,
		fontUrl: absolute(fontUrl),
		attribution: options.offlineAttribution,
		theme: lightTheme
	});
	const first = arrived;
	let map: MapLibreMap;
	try {
		map = new maplibregl.Map({
			container: options.container,
			style: withOverlay(first ?? offline, overlay),
			...('bounds' in options.view
				? {
						bounds: options.view.bounds,
						fitBoundsOptions: { padding: options.view.padding ?? 24 }
					}
				: options.view),
			// Added below, where its compactness can follow the map's width.
			attributionControl: false,
			locale: mapControlsLocale(options.lang),
			maxZoom: 17,
			minZoom: 5,
			// Names appear at once rather than fading in: a fade restarts whenever a layer's
			// labels arrive, and the map is idle (drawn) only when the last one ends.
			fadeDuration: 0
		});
	} catch {
		return null;
	}
	// A compact attribution open over a small map or a phone's covers the drawing: it starts
	// folded behind its (i) button (MapLibre fills it, and opens it, once the style has loaded).
	const compactNow = () =>
		options.compactAttribution ?? options.container.clientWidth < COMPACT_ATTRIBUTION_WIDTH;
	let compact = compactNow();
	let attribution = new maplibregl.AttributionControl({ compact });
	map.addControl(attribution);
	map.once('idle', () => foldAttribution(options.container));
	if (options.compactAttribution === undefined)
		map.on('resize', () => {
			if (compactNow() === compact) return;
			compact = compactNow();
			// MapLibre's control cannot change its mind: a new one, in the same corner.
			map.removeControl(attribution);
			attribution = new maplibregl.AttributionControl({ compact });
			map.addControl(attribution);
			// Back below the zoom buttons and the scale, where it was (MapLibre stacks the newest on top).
			const element = options.container.querySelector('.maplibregl-ctrl-attrib');
			element?.parentElement?.append(element);
			foldAttribution(options.container);
		});
	map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
	// Above the attribution, which may run the map's whole width when many layers are on.
	map.addControl(
		new maplibregl.ScaleControl({ unit: 'metric' }),
		options.scalePosition ?? 'bottom-right'
	);
	const online = first
		? Promise.resolve(true)
		: options.swapLateBasemap === false
			? Promise.resolve(false)
			: swapWhenOnline(map, offline, onlineStyle, options.cancelled);
	return { map, basemapKind: first ? 'online' : 'offline', online };
}

/** Replaces the offline basemap by the online one once both it and the first style are there. */
async function swapWhenOnline(
	map: MapLibreMap,
	offline: StyleSpecification,
	onlineStyle: Promise<StyleSpecification | undefined>,
	cancelled?: () => boolean
): Promise<boolean> {
	const styled = new Promise<void>((resolve) => {
		if (map.isStyleLoaded()) resolve();
		else map.once('style.load', () => resolve());
	});
	const online = await onlineStyle;
	if (!online || cancelled?.()) return false;
	await styled;
	if (cancelled?.()) return false;
	// The diff keeps every source and layer drawn so far: only the basemap's change.
	map.setStyle(swapBasemap(map.getStyle(), offline, online), { diff: true });
	return true;
}
