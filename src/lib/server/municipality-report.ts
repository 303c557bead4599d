import { ftthHouseholdShare } from '../geodata/agcom.ts';
import { municipalityIndicators, type MunicipalityFigures } from '../municipality-indicators.ts';
import type { InterventionSummary, MunicipalityReport } from '../types.ts';
import type { Queryable } from './db/engine.ts';

/** Places within this distance of a municipality are listed as "nearby". */
export const NEARBY_KM = 5;

/** Interventions grouped by primary ambito: how many, and the sum of the costs that are known. */
export function interventionsByAmbito(interventions: InterventionSummary[]) {
	const groups = new Map<
		number | null,
		{ count: number; known_cost_eur: number; unknown_cost: number }
	>();
	for (const i of interventions) {
		const group = groups.get(i.primary_ambito) ?? { count: 0, known_cost_eur: 0, unknown_cost: 0 };
		group.count += 1;
		if (i.cost_eur === null) group.unknown_cost += 1;
		else group.known_cost_eur += i.cost_eur;
		groups.set(i.primary_ambito, group);
	}
	return [...groups]
		.map(([ambito, group]) => ({ ambito, ...group }))
		.sort((a, b) => (a.ambito ?? 99) - (b.ambito ?? 99));
}

export function interventionsByStatus(interventions: InterventionSummary[]) {
	const counts = new Map<string | null, number>();
	for (const i of interventions) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
	return [...counts].map(([status, count]) => ({ status, count }));
}

export function municipalityReportQueries(db: Queryable) {
	return {
		/** The figures every municipality's report compares, from the latest AGCOM snapshot. */
		async listMunicipalityFigures(): Promise<{
			snapshot: string | null;
			figures: (MunicipalityFigures & { name: string })[];
		}> {
			const rows = await db.query<{
				istat: string;
				name: string;
				population: number | null;
				area_km2: number;
				households_resident: number | null;
				households_ftth: number | null;
				addresses_ftth: number | null;
				previous_addresses_ftth: number | null;
				snapshot: string | null;
			}>(
				`with latest as (select max(snapshot) as snapshot from public.broadband_snapshot),
				 previous as (select max(snapshot) as snapshot from public.broadband_snapshot
					where snapshot < (select snapshot from latest))
				 select m.istat, m.name, m.population::int4 as population, m.area_km2,
					c.households_resident, c.households_ftth, c.addresses_ftth,
					p.addresses_ftth as previous_addresses_ftth,
					to_char((select snapshot from latest), 'YYYY-MM-DD') as snapshot
				 from public.municipality m
				 left join public.broadband_coverage c on c.istat = m.istat and c.snapshot = (select snapshot from latest)
				 left join public.broadband_coverage p on p.istat = m.istat and p.snapshot = (select snapshot from previous)
				 order by m.istat`
			);
			return {
				snapshot: rows[0]?.snapshot ?? null,
				figures: rows.map((r) => ({
					istat: r.istat,
					name: r.name,
					population: r.population,
					area_km2: Number(r.area_km2),
					households_resident: r.households_resident,
					households_ftth: r.households_ftth,
					ftth_share: ftthHouseholdShare(
						{ householdsResident: r.households_resident, householdsFtth: r.households_ftth },
						r.population
					).value,
					ftth_addresses_change:
						r.addresses_ftth === null || r.previous_addresses_ftth === null
							? null
							: r.addresses_ftth - r.previous_addresses_ftth
				}))
			};
		},

		/**
		 * Districts the municipality belongs to; poles, Puccini places and bottlenecks in it or
		 * within NEARBY_KM (geodesic distance from its boundary, by PostGIS); its stations.
		 */
		async listPlacesOf(istat: string): Promise<MunicipalityReport['places']> {
			return db.query(
				`select f.layer_id as layer, f.feature_id as id, f.name, f.kind, f.precision,
					$1 = any(f.municipalities) as inside,
					round((ST_Distance(f.geom::geography, m.geom::geography) / 1000)::numeric, 1)::float8 as distance_km
				 from public.layer_feature f, public.municipality m
				 where m.istat = $1
					and f.kind in ('district', 'technology-pole', 'puccini-place', 'bottleneck', 'station')
					and ($1 = any(f.municipalities)
						or (f.kind in ('technology-pole', 'puccini-place', 'bottleneck')
							and ST_DWithin(f.geom::geography, m.geom::geography, $2)))
				 order by f.kind, inside desc, distance_km, f.name`,
				[istat, NEARBY_KM * 1000]
			);
		}
	};
}
