import { compareTo } from '../national-comparison.ts';
import {
	NATIONAL_INDICATORS,
	type NationalComparison,
	type NationalDistributions,
	type NationalIndicator
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
