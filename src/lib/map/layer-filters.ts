import type { FilterSpecification } from 'maplibre-gl';
import { PROGRESS_ORDER } from '../monitoring.ts';

/** Allowed values per layer and field; a field that is absent is not filtered. */
export type FilterSelection = Record<string, Record<string, string[]>>;

type Properties = Record<string, unknown>;

/** A property a layer can be filtered by, and the features (by kind) it applies to. */
export interface FilterField {
	field: string;
	/** Features of other kinds (railway sections, stations) are context and always stay. */
	kinds: string[];
	/** The feature's values for this field: several when it belongs to several groups. */
	valuesOf: (properties: Properties) => string[];
	/** How the panel offers it: checkboxes (default), a list to pick one from, or a year slider. */
	control?: 'checkboxes' | 'select' | 'year';
	/** The values' own order, where it means something (late before on time); else by name. */
	order?: readonly string[];
}

const single = (name: string, missing?: string) => (properties: Properties) => {
	const value = properties[name];
	if (typeof value === 'string' && value) return [value];
	return missing ? [missing] : [];
};

/** Value of a bottleneck no source has assessed yet. */
export const UNASSESSED = 'unassessed';

const list =
	(name: string, map: (item: unknown) => string = String) =>
	(properties: Properties) =>
		Array.isArray(properties[name]) ? (properties[name] as unknown[]).map(map) : [];

/** Value of an intervention no ambito has been given to yet, or with no known status. */
export const UNASSIGNED = 'unassigned';
export const UNKNOWN = 'unknown';

/**
 * The years an intervention is under way: from its start to its end year; one known date means
 * that year only; no dates, no year (the slider then leaves it out, and says so).
 */
export function activeYears(properties: Properties): string[] {
	const start = (properties.start_year ?? properties.end_year) as number | null | undefined;
	const end = (properties.end_year ?? properties.start_year) as number | null | undefined;
	if (typeof start !== 'number' || typeof end !== 'number' || end < start) return [];
	return Array.from({ length: end - start + 1 }, (_, i) => String(start + i));
}

export const LAYER_FILTER_FIELDS: Record<string, FilterField[]> = {
	interventions: [
		{
			field: 'ambito',
			kinds: ['intervention'],
			valuesOf: (p) =>
				p.primary_ambito === null || p.primary_ambito === undefined
					? [UNASSIGNED]
					: [String(p.primary_ambito), ...list('secondary_ambiti')(p)]
		},
		{ field: 'status', kinds: ['intervention'], valuesOf: single('status', UNKNOWN) },
		{
			field: 'progress',
			kinds: ['intervention'],
			valuesOf: single('progress'),
			order: PROGRESS_ORDER
		},
		{ field: 'funding', kinds: ['intervention'], valuesOf: list('funding_kinds') },
		{ field: 'guideline', kinds: ['intervention'], valuesOf: list('guidelines') },
		{
			field: 'municipality',
			kinds: ['intervention'],
			valuesOf: list('municipalities', (m) => String((m as { istat?: string }).istat)),
			control: 'select'
		},
		{ field: 'year', kinds: ['intervention'], valuesOf: activeYears, control: 'year' }
	],
	bottlenecks: [
		{ field: 'type', kinds: ['bottleneck'], valuesOf: single('type') },
		{ field: 'severity', kinds: ['bottleneck'], valuesOf: single('severity', UNASSESSED) }
	],
	districts: [{ field: 'sector', kinds: ['district'], valuesOf: single('sector') }],
	observations: [
		{ field: 'category', kinds: ['observation'], valuesOf: single('category') },
		{
			field: 'ambito',
			kinds: ['observation'],
			valuesOf: (p) =>
				p.ambito === null || p.ambito === undefined ? [UNASSIGNED] : [String(p.ambito)]
		},
		{
			field: 'municipality',
			kinds: ['observation'],
			valuesOf: list('municipalities', (m) => String((m as { istat?: string }).istat)),
			control: 'select'
		},
		{
			field: 'status',
			kinds: ['observation'],
			valuesOf: single('status'),
			order: ['open', 'in_proposal', 'answered']
		}
	],
	puccini: [
		{
			field: 'itinerary',
			kinds: ['itinerary', 'puccini-place'],
			valuesOf: (properties) =>
				Array.isArray(properties.itineraries) ? properties.itineraries.map(String) : []
		}
	]
};

const collator = new Intl.Collator('en', { numeric: true });
/** "Not known yet" values close the list. */
const orderOf = (value: string) => ([UNASSESSED, UNASSIGNED, UNKNOWN].includes(value) ? 1 : 0);

export interface FilterOption {
	field: string;
	values: { value: string; count: number }[];
}

/** The fields a layer can be filtered by, with the values its features have and how many. */
export function filterOptions(
	layerId: string,
	features: { properties: Properties }[]
): FilterOption[] {
	return (LAYER_FILTER_FIELDS[layerId] ?? []).map(({ field, kinds, valuesOf, order }) => {
		const rank = (value: string) => (order ? order.indexOf(value) : 0);
		const counts = new Map<string, number>();
		for (const { properties } of features) {
			if (!kinds.includes(String(properties.kind))) continue;
			for (const value of new Set(valuesOf(properties)))
				counts.set(value, (counts.get(value) ?? 0) + 1);
		}
		return {
			field,
			values: [...counts]
				.map(([value, count]) => ({ value, count }))
				.sort(
					(a, b) =>
						orderOf(a.value) - orderOf(b.value) ||
						rank(a.value) - rank(b.value) ||
						collator.compare(a.value, b.value)
				)
		};
	});
}

/** Whether a feature passes the layer's filters: for each filtered field, one of its values is allowed. */
export function matchesFilters(
	layerId: string,
	properties: Properties,
	selection: FilterSelection
): boolean {
	const chosen = selection[layerId];
	if (!chosen) return true;
	return (LAYER_FILTER_FIELDS[layerId] ?? []).every(({ field, kinds, valuesOf }) => {
		const allowed = chosen[field];
		if (!allowed || !kinds.includes(String(properties.kind))) return true;
		return valuesOf(properties).some((value) => allowed.includes(value));
	});
}

/** Whether any field of the layer is filtered. */
export function isFiltered(layerId: string, selection: FilterSelection): boolean {
	return Object.keys(selection[layerId] ?? {}).length > 0;
}

/**
 * The MapLibre filter that shows the features passing the layer's filters, or undefined when the
 * layer is not filtered. It lists feature ids, so the map, the feature list and the counts all
 * come from the same predicate.
 */
export function featureFilter(
	layerId: string,
	features: { properties: Properties }[],
	selection: FilterSelection
): FilterSpecification | undefined {
	if (!isFiltered(layerId, selection)) return undefined;
	const ids = features
		.filter((f) => matchesFilters(layerId, f.properties, selection))
		.map((f) => String(f.properties.id));
	return ['in', ['get', 'id'], ['literal', ids]];
}

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const FIELD = /^[a-z][a-z_]*$/;

/** `layer.field:a,b` per filtered field; an empty list (`layer.field:`) hides every feature. */
export function encodeFilters(selection: FilterSelection): string[] {
	return Object.entries(selection).flatMap(([layer, fields]) =>
		Object.entries(fields).map(([field, values]) => `${layer}.${field}:${values.join(',')}`)
	);
}

/** Reads `encodeFilters` output, ignoring entries for unknown layers or fields, or malformed ones. */
export function decodeFilters(entries: string[]): FilterSelection {
	const selection: FilterSelection = {};
	for (const entry of entries) {
		const match = /^([a-z][a-z0-9-]*)\.([a-z_]+):(.*)$/.exec(entry);
		if (!match) continue;
		const [, layer, field, list] = match;
		if (!FIELD.test(field) || !LAYER_FILTER_FIELDS[layer]?.some((f) => f.field === field)) continue;
		const values = list === '' ? [] : list.split(',');
		if (!values.every((v) => SLUG.test(v))) continue;
		selection[layer] = { ...selection[layer], [field]: [...new Set(values)] };
	}
	return selection;
}
