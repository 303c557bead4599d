import type { Opportunity } from '../opportunities.ts';
import type { MunicipalityFigures } from '../municipality-indicators.ts';
import type { Queryable } from './db/engine.ts';

interface CandidateRow {
	kind: Opportunity['kind'];
	id: string;
	name: string;
	sectors: string[];
	municipalities: string[];
	station_km: number | null;
	nearest_station: string | null;
	interventions_under_way: number;
	point: string;
}

/** Statuses that mean an intervention is under way: the predicate of intervention_under_way_idx. */
const UNDER_WAY = `('financed', 'in_progress')`;

/**
 * Every municipality, technology pole and district of the province with what the finder compares.
 * The static part (sectors, members, nearest station and its distance, the point) was computed when
 * the geodata was loaded (public.opportunity_site); only the interventions under way are counted
 * here, since reviewers edit and adopt interventions at any time. An intervention concerns a
 * candidate through one of its municipalities or by naming the pole or district itself.
 */
const CANDIDATES = `
	with under_way as (
		select s.kind, s.id, im.intervention_id
		from public.opportunity_site s
		join public.intervention_municipality im on im.istat = any(s.municipalities)
		join public.intervention i on i.id = im.intervention_id and i.status in ${UNDER_WAY}
		union
		select s.kind, s.id, f.intervention_id
		from public.opportunity_site s
		join public.intervention_feature f on f.layer_id = s.layer_id and f.feature_id = s.id
		join public.intervention i on i.id = f.intervention_id and i.status in ${UNDER_WAY}
	),
	counted as (select kind, id, count(*)::int4 as n from under_way group by kind, id)
	select s.kind, s.id, s.name, s.sectors, s.municipalities, s.station_km, s.nearest_station,
		coalesce(counted.n, 0) as interventions_under_way, ST_AsGeoJSON(s.point, 6) as point
	from public.opportunity_site s
	left join counted on counted.kind = s.kind and counted.id = s.id
	order by s.kind, s.name`;

export function opportunityQueries(db: Queryable) {
	return {
		/** The finder's locations; FTTH shares come from `figures`, as the municipality reports use them. */
		async listOpportunityCandidates(
			figures: (MunicipalityFigures & { name: string })[]
		): Promise<Opportunity[]> {
			const rows = await db.query<CandidateRow>(CANDIDATES);
			const byIstat = new Map(figures.map((f) => [f.istat, f]));
			return rows.map((row) => {
				const members = row.municipalities
					.map((istat) => byIstat.get(istat))
					.filter((f) => f !== undefined);
				// An area's share is households over households of its members with a reliable figure.
				const reliable = members.filter(
					(m) => m.ftth_share !== null && m.households_resident && m.households_ftth !== null
				);
				const resident = reliable.reduce((sum, m) => sum + m.households_resident!, 0);
				const ftth_share =
					row.kind === 'district'
						? resident
							? (100 * reliable.reduce((sum, m) => sum + m.households_ftth!, 0)) / resident
							: null
						: (members[0]?.ftth_share ?? null);
				return {
					kind: row.kind,
					id: row.id,
					name: row.name,
					sectors: row.sectors,
					municipalities: members.map((m) => ({ istat: m.istat, name: m.name })),
					ftth_share,
					station_km: row.station_km === null ? null : Number(row.station_km),
					nearest_station: row.nearest_station,
					interventions_under_way: Number(row.interventions_under_way),
					point: (JSON.parse(row.point) as { coordinates: [number, number] }).coordinates,
					url:
						row.kind === 'municipality'
							? `/comuni/${row.id}`
							: `/?layers=${row.kind === 'district' ? 'districts' : 'technology-poles'}&feature=${row.kind === 'district' ? 'districts' : 'technology-poles'}:${row.id}`
				};
			});
		}
	};
}
