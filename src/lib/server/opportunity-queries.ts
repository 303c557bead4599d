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

/** Statuses that mean an intervention is under way. */
const UNDER_WAY = `('financed', 'in_progress')`;

/**
 * Every municipality, technology pole and district of the province with what the finder compares.
 * Distances are geodesic (PostGIS geography) to the nearest station of the province: from a pole's
 * point, and from an area's boundary (0 when a station lies within it).
 */
const CANDIDATES = `
	with station as (select name, geom from public.layer_feature where kind = 'station'),
	district as (select feature_id, name, properties ->> 'sector' as sector, municipalities, geom
		from public.layer_feature where kind = 'district'),
	candidate as (
		select 'municipality' as kind, m.istat as id, m.name, m.geom,
			array[m.istat] as municipalities,
			coalesce((select array_agg(distinct d.sector) from district d where m.istat = any(d.municipalities)), '{}') as sectors,
			null::text as layer_id
		from public.municipality m
		union all
		select 'technology-pole', f.feature_id, f.name, f.geom, f.municipalities,
			coalesce((select array_agg(distinct d.sector) from district d where d.municipalities && f.municipalities), '{}'),
			f.layer_id
		from public.layer_feature f where f.kind = 'technology-pole'
		union all
		select 'district', d.feature_id, d.name, d.geom, d.municipalities, array[d.sector], 'districts'
		from district d
	)
	select c.kind, c.id, c.name, c.sectors, c.municipalities,
		(nearest.distance / 1000)::float8 as station_km, nearest.name as nearest_station,
		(select count(distinct i.id)::int4 from public.intervention i
			where i.status in ${UNDER_WAY} and (
				exists (select 1 from public.intervention_municipality im
					where im.intervention_id = i.id and im.istat = any(c.municipalities))
				or exists (select 1 from public.intervention_feature f
					where f.intervention_id = i.id and f.layer_id = c.layer_id and f.feature_id = c.id))
		) as interventions_under_way,
		ST_AsGeoJSON(case when GeometryType(c.geom) = 'POINT' then c.geom else ST_PointOnSurface(c.geom) end, 6) as point
	from candidate c
	left join lateral (
		-- The few nearest on the plane, then the nearest on the ellipsoid among them: the same
		-- answer as measuring every station, without measuring every station.
		select near.name, ST_Distance(near.geom::geography, c.geom::geography) as distance
		from (select s.name, s.geom from station s order by s.geom <-> c.geom limit 4) near
		order by distance limit 1
	) nearest on true
	order by c.kind, c.name`;

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
