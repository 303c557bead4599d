import { z } from 'zod';
import { decodeFilters, encodeFilters, type FilterSelection } from './layer-filters.ts';

/** The part of the map view kept in the URL, so reloading or sharing restores it. */
export interface MapUrlState {
	center?: [number, number];
	zoom?: number;
	/** ISTAT code of the selected municipality. */
	municipality?: string;
	/** Visible thematic layers, bottom first. */
	layers?: string[];
	/** The broadband indicator shown. */
	indicator?: string;
	/** How interventions are coloured, when not by ambito ("progress"). */
	colour?: string;
	/** A selected feature of a thematic layer. */
	feature?: { layer: string; id: string };
	/** Values shown per layer and field, for the fields the user narrowed. */
	filters?: FilterSelection;
	/** The desktop side panel folded to a rail. */
	panel?: 'folded';
}

const lon = z.coerce.number().min(-180).max(180);
const lat = z.coerce.number().min(-85).max(85);
const zoom = z.coerce.number().min(0).max(22);
const istat = z.string().regex(/^\d{6}$/);
const layerId = z.string().regex(/^[a-z][a-z0-9-]*$/);
const indicator = z.string().regex(/^[a-z][a-z0-9_]*$/);

/** Reads the view from URL search params, ignoring any value that is malformed or out of range. */
export function decodeMapState(params: Pick<URLSearchParams, 'get' | 'getAll'>): MapUrlState {
	const state: MapUrlState = {};
	const parsedLon = lon.safeParse(params.get('lon') ?? undefined);
	const parsedLat = lat.safeParse(params.get('lat') ?? undefined);
	if (
		parsedLon.success &&
		parsedLat.success &&
		params.get('lon') !== '' &&
		params.get('lat') !== ''
	) {
		state.center = [parsedLon.data, parsedLat.data];
	}
	const parsedZoom = zoom.safeParse(params.get('z') ?? undefined);
	if (parsedZoom.success && params.get('z') !== '') state.zoom = parsedZoom.data;
	const parsedIstat = istat.safeParse(params.get('comune') ?? undefined);
	if (parsedIstat.success) state.municipality = parsedIstat.data;
	const layers = (params.get('layers') ?? '')
		.split(',')
		.filter((id) => layerId.safeParse(id).success);
	if (layers.length) state.layers = [...new Set(layers)];
	const [featureLayer, featureId, ...extra] = (params.get('feature') ?? '').split(':');
	if (
		extra.length === 0 &&
		layerId.safeParse(featureLayer).success &&
		/^[a-z0-9][a-z0-9-]*$/.test(featureId ?? '')
	) {
		state.feature = { layer: featureLayer, id: featureId };
	}
	const parsedIndicator = indicator.safeParse(params.get('indicator') ?? undefined);
	if (parsedIndicator.success) state.indicator = parsedIndicator.data;
	const parsedColour = indicator.safeParse(params.get('colour') ?? undefined);
	if (parsedColour.success) state.colour = parsedColour.data;
	if (params.get('panel') === 'folded') state.panel = 'folded';
	const filters = decodeFilters(params.getAll('filter'));
	if (Object.keys(filters).length) state.filters = filters;
	return state;
}

/** Writes the view into a copy of `params`, leaving unrelated parameters alone. */
export function encodeMapState(
	state: MapUrlState,
	params: Iterable<[string, string]> = []
): URLSearchParams {
	const next = new URLSearchParams([...params]);
	for (const key of [
		'comune',
		'lat',
		'lon',
		'z',
		'layers',
		'indicator',
		'colour',
		'feature',
		'filter',
		'panel'
	])
		next.delete(key);
	if (state.feature) next.set('feature', `${state.feature.layer}:${state.feature.id}`);
	if (state.municipality) next.set('comune', state.municipality);
	if (state.layers?.length) next.set('layers', state.layers.join(','));
	if (state.indicator) next.set('indicator', state.indicator);
	if (state.colour) next.set('colour', state.colour);
	for (const entry of encodeFilters(state.filters ?? {})) next.append('filter', entry);
	if (state.panel) next.set('panel', state.panel);
	if (state.center) {
		// 5 decimals (about 1 m) and 2 for zoom: precise enough, short enough to share.
		next.set('lat', state.center[1].toFixed(5));
		next.set('lon', state.center[0].toFixed(5));
	}
	if (state.zoom !== undefined) next.set('z', state.zoom.toFixed(2));
	return next;
}
