import type { FeatureCollection, MultiPolygon } from 'geojson';
import { compareTo } from '../national-comparison.ts';
import {
	NATIONAL_INDICATORS,
	type NationalComparison,
	type NationalDistributions,
	type NationalIndicator,
	type NationalMunicipalityProperties
} from '../types.ts';
import type { Queryable } from './db/engine.ts';

/**
 * Every known value of both indicators in Italy and in the atlas's region, sorted: one row, or
 * none when the geodata build left the national context out.
 */
const DISTRIBUTIONS = `
	with home as (
		select n.region_code, n.region_name from public.national_municipality n
		where n.province_code = (select province from public.municipality limit 1) limit 1
	)
	select to_char(c.broadband_snapshot, 'YYYY-MM-DD') as broadband_snapshot,
		home.region_code, home.region_name,
		coalesce((select array_agg(n.ftth_share order by n.ftth_share) from public.national_municipality n
			where n.ftth_share is not null and n.region_code = home.region_code), '{}') as ftth_region,
		coalesce((select array_agg(n.ftth_share order by n.ftth_share) from public.national_municipality n
			where n.ftth_share is not null), '{}') as ftth_italy,
		coalesce((select array_agg(n.pnrr_projects order by n.pnrr_projects) from public.national_municipality n
			where n.region_code = home.region_code), '{}') as pnrr_region,
		coalesce((select array_agg(n.pnrr_projects order by n.pnrr_projects)
			from public.national_municipality n), '{}') as pnrr_italy
	from public.national_context c, home
	where c.id = 1`;

export function nationalContextQueries(db: Queryable) {
	return {
		async readDistributions(): Promise<NationalDistributions | null> {
			const [row] = await db.query<{
				broadband_snapshot: string;
				region_code: string;
				region_name: string;
				ftth_region: number[];
				ftth_italy: number[];
				pnrr_region: number[];
				pnrr_italy: number[];
			}>(DISTRIBUTIONS);
			if (!row) return null;
			const numbers = (values: number[]) => values.map(Number);
			return {
				broadband_snapshot: row.broadband_snapshot,
				region_code: row.region_code,
				region_name: row.region_name,
				ftth_share: { region: numbers(row.ftth_region), italy: numbers(row.ftth_italy) },
				pnrr_projects: { region: numbers(row.pnrr_region), italy: numbers(row.pnrr_italy) }
			};
		},

		/** The municipality's own values in the national table (the same snapshot as the groups'). */
		async readValues(istat: string): Promise<Record<NationalIndicator, number | null> | null> {
			const [row] = await db.query<{ ftth_share: number | null; pnrr_projects: number }>(
				`select ftth_share, pnrr_projects from public.national_municipality where istat = $1`,
				[istat]
			);
			return row ? { ftth_share: row.ftth_share, pnrr_projects: row.pnrr_projects } : null;
		}
	};
}

/** A municipality's values set against its region's and Italy's. */
export function compareMunicipality(
	distributions: NationalDistributions,
	values: Record<NationalIndicator, number | null>
): NationalComparison {
	return {
		broadband_snapshot: distributions.broadband_snapshot,
		region_name: distributions.region_name,
		rows: NATIONAL_INDICATORS.map((indicator) => ({
			indicator,
			value: values[indicator],
			region: compareTo(distributions[indicator].region, values[indicator]),
			italy: compareTo(distributions[indicator].italy, values[indicator])
		}))
	};
}

/** What a national feature is: a municipality's figure, on a boundary simplified by the build. */
const NATIONAL_PRECISION = 'municipality (boundary simplified to about 50 m)';

/** GeoJSON coordinates of the context to 5 decimals (about 1 m), as the build stores them. */
const NATIONAL_DECIMALS = 5;

/** Where each national layer's figure comes from (the data source's id in public.data_source). */
export const FIGURE_SOURCE = {
	'national-broadband': 'broadband-agcom',
	'national-pnrr': 'pnrr-opencup'
};

/** The attributes of a national feature, in its GeoJSON and its tiles, in this order. */
export const NATIONAL_COLUMNS = [
	'istat',
	'name',
	'province_code',
	'region_code',
	'region_name',
	'households_resident',
	'households_ftth',
	'ftth_share',
	'ftth_reliability',
	'pnrr_projects',
	'broadband_snapshot',
	'source',
	'precision'
] as const;

/**
 * A national layer's features in the form of the tile registry (src/lib/server/vector-tiles.ts),
 * with scalar attribute columns (NATIONAL_COLUMNS): its GeoJSON and its tiles are read from it.
 */
export function nationalFeatureSql(layerId: keyof typeof FIGURE_SOURCE): string {
	return `select n.istat as id, n.istat::int8 as tile_id, n.istat, n.name, n.province_code,
		n.region_code, n.region_name, n.households_resident, n.households_ftth, n.ftth_share,
		n.ftth_reliability, n.pnrr_projects,
		to_char(c.broadband_snapshot, 'YYYY-MM-DD') as broadband_snapshot,
		(select s.upstream from public.data_source s where s.id = '${FIGURE_SOURCE[layerId]}') as source,
		'${NATIONAL_PRECISION}'::text as precision,
		n.geom
	from public.national_municipality n cross join public.national_context c`;
}

/**
 * Every Italian municipality with both national figures, as GeoJSON (the layers' download; the
 * map draws them from vector tiles); each feature names the source of the layer's figure. Empty
 * when the build left the national context out.
 */
export async function nationalLayer(
	db: Queryable,
	layerId: keyof typeof FIGURE_SOURCE,
	options: { bbox?: [number, number, number, number] } = {}
): Promise<FeatureCollection<MultiPolygon, NationalMunicipalityProperties>> {
	const rows = await db.query<{
		id: string;
		properties: NationalMunicipalityProperties | string;
		geometry: string;
	}>(
		`select f.id, jsonb_build_object(${NATIONAL_COLUMNS.map((c) => `'${c}', f.${c}`).join(', ')}) as properties,
			ST_AsGeoJSON(f.geom, ${NATIONAL_DECIMALS}) as geometry
		 from (${nationalFeatureSql(layerId)}) f
		 where $1::float8 is null or f.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
		 order by f.id`,
		options.bbox ?? [null, null, null, null]
	);
	return {
		type: 'FeatureCollection',
		features: rows.map((row) => ({
			type: 'Feature',
			// As the province's boundaries: the ISTAT code as a number (the tiles' feature id too).
			id: Number(row.id),
			properties: (typeof row.properties === 'string'
				? JSON.parse(row.properties)
				: row.properties) as NationalMunicipalityProperties,
			geometry: JSON.parse(row.geometry) as MultiPolygon
		}))
	};
}
