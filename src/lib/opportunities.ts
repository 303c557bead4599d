import { z } from 'zod';

export const OPPORTUNITY_KINDS = ['municipality', 'technology-pole', 'district'] as const;
export const OPPORTUNITY_SORTS = ['ftth', 'station', 'interventions'] as const;
export const DISTRICT_SECTORS = ['paper', 'stone', 'nautical', 'footwear'] as const;

/** A location an investor can compare: a municipality, a technology pole or a district area. */
export interface Opportunity {
	kind: (typeof OPPORTUNITY_KINDS)[number];
	id: string;
	name: string;
	/** Sectors of the districts it belongs to (a district: its own). */
	sectors: string[];
	municipalities: { istat: string; name: string }[];
	/** Share of resident households reached by FTTH, %; null when AGCOM's figure is unknown or unreliable. */
	ftth_share: number | null;
	/** Geodesic km to the nearest station of the province; 0 when one lies within an area. */
	station_km: number | null;
	nearest_station: string | null;
	/** Interventions of the plan financed or in progress that concern it. */
	interventions_under_way: number;
	/** Where the result is drawn: the point, or a point inside the area. */
	point: [number, number];
	/** Its page: a municipality's report, or the feature on the atlas map. */
	url: string;
}

/**
 * A finder result placed in the national context: the share of its region's and of Italy's
 * municipalities with a lower FTTH share (null when its share, or the same-snapshot context, is unknown).
 */
export interface RankedOpportunity extends Opportunity {
	ftth_percentile_region: number | null;
	ftth_percentile_italy: number | null;
}

const optionalNumber = (min: number, max: number) =>
	z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z.coerce.number().min(min).max(max).optional()
	);

/** The finder's query string: GET form on the page, same parameters on the API. */
export const opportunityFilterSchema = z.object({
	kind: z.array(z.enum(OPPORTUNITY_KINDS)).default([...OPPORTUNITY_KINDS]),
	sector: z.preprocess((v) => (v === '' ? undefined : v), z.enum(DISTRICT_SECTORS).optional()),
	min_ftth: optionalNumber(0, 100),
	max_station_km: optionalNumber(0, 200),
	under_way: z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean()),
	sort: z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z.enum(OPPORTUNITY_SORTS).default('ftth')
	)
});

export type OpportunityFilter = z.infer<typeof opportunityFilterSchema>;

/** Reads the finder's parameters; the first bad one is named, with its value. */
export function parseOpportunityFilter(
	params: URLSearchParams
): { ok: true; filter: OpportunityFilter } | { ok: false; param: string; value: string } {
	const raw = {
		kind: params.has('kind') ? params.getAll('kind').flatMap((k) => k.split(',')) : undefined,
		sector: params.get('sector') ?? undefined,
		min_ftth: params.get('min_ftth') ?? undefined,
		max_station_km: params.get('max_station_km') ?? undefined,
		under_way: params.get('under_way') ?? undefined,
		sort: params.get('sort') ?? undefined
	};
	const parsed = opportunityFilterSchema.safeParse(raw);
	if (parsed.success) return { ok: true, filter: parsed.data };
	const param = String(parsed.error.issues[0].path[0]);
	return { ok: false, param, value: params.getAll(param).join(',') };
}

/**
 * Keeps the locations meeting every condition and ranks them: by FTTH share (highest first), by
 * distance to a station (nearest first) or by interventions under way (most first); unknown
 * values always last, ties by name. A minimum FTTH share excludes locations whose share is unknown.
 */
export function findOpportunities(all: Opportunity[], filter: OpportunityFilter): Opportunity[] {
	const kept = all.filter(
		(o) =>
			filter.kind.includes(o.kind) &&
			(!filter.sector || o.sectors.includes(filter.sector)) &&
			(filter.min_ftth === undefined ||
				(o.ftth_share !== null && o.ftth_share >= filter.min_ftth)) &&
			(filter.max_station_km === undefined ||
				(o.station_km !== null && o.station_km <= filter.max_station_km)) &&
			(!filter.under_way || o.interventions_under_way > 0)
	);
	const key: Record<OpportunityFilter['sort'], (o: Opportunity) => number | null> = {
		ftth: (o) => (o.ftth_share === null ? null : -o.ftth_share),
		station: (o) => o.station_km,
		interventions: (o) => -o.interventions_under_way
	};
	const by = key[filter.sort];
	return kept.sort((a, b) => {
		const [x, y] = [by(a), by(b)];
		if (x === null || y === null)
			return x === y ? a.name.localeCompare(b.name, 'it') : x === null ? 1 : -1;
		return x - y || a.name.localeCompare(b.name, 'it');
	});
}

const CSV_COLUMNS = [
	'rank',
	'kind',
	'id',
	'name',
	'sectors',
	'municipalities',
	'ftth_share_pct',
	'ftth_percentile_region',
	'ftth_percentile_italy',
	'nearest_station',
	'station_km',
	'interventions_under_way',
	'lon',
	'lat',
	'url'
] as const;

const cell = (value: unknown) => {
	const text = value === null || value === undefined ? '' : String(value);
	return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The ranked results as CSV (RFC 4180, "." decimals; empty cell = unknown). */
export function opportunitiesCsv(results: RankedOpportunity[], origin: string): string {
	const rows = results.map((o, index) =>
		[
			index + 1,
			o.kind,
			o.id,
			o.name,
			o.sectors.join('|'),
			o.municipalities.map((m) => m.name).join('|'),
			o.ftth_share === null ? null : o.ftth_share.toFixed(1),
			o.ftth_percentile_region === null ? null : o.ftth_percentile_region.toFixed(1),
			o.ftth_percentile_italy === null ? null : o.ftth_percentile_italy.toFixed(1),
			o.nearest_station,
			o.station_km === null ? null : o.station_km.toFixed(2),
			o.interventions_under_way,
			o.point[0],
			o.point[1],
			new URL(o.url, origin).href
		]
			.map(cell)
			.join(',')
	);
	return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The ranked results as GeoJSON points, with their rank. */
export function opportunitiesGeoJson(results: RankedOpportunity[], origin: string) {
	return {
		type: 'FeatureCollection' as const,
		features: results.map(({ point, ...o }, index) => ({
			type: 'Feature' as const,
			geometry: { type: 'Point' as const, coordinates: point },
			properties: { rank: index + 1, ...o, url: new URL(o.url, origin).href }
		}))
	};
}
