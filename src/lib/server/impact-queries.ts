import type { Geometry } from 'geojson';
import {
	MIN_SHARE_AREA_KM2,
	MIN_SHARE_LENGTH_KM,
	suggestAmbito,
	type MunicipalityShare
} from '../impact.ts';
import type { Queryable } from './db/engine.ts';

/** Features near a proposal, with their geodesic distance from it (0 when it touches them). */
export interface NearbyFeature {
	layer: string;
	id: string;
	name: string;
	kind: string;
	distance_km: number;
}

/** The authoritative impact of a proposal, computed by PostGIS and stored with it. */
export interface Impact {
	distance_km: number;
	municipalities: MunicipalityShare[];
	nearby: NearbyFeature[];
	interventions: { id: string; code: string; title: string | null; distance_km: number }[];
	suggested_ambito: number;
}

export function impactQueries(db: Queryable) {
	return {
		/** Lengths or areas inside each municipality, clipped and measured on the ellipsoid by PostGIS. */
		async municipalityShares(geometry: Geometry): Promise<MunicipalityShare[]> {
			const rows = await db.query<{
				istat: string;
				name: string;
				population: number | null;
				length_km: number | null;
				area_km2: number | null;
			}>(
				`with g as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) as geom)
				 select m.istat, m.name, m.population::int4 as population,
					case when ST_Dimension(g.geom) = 1
						then ST_Length(ST_Intersection(g.geom, m.geom)::geography) / 1000 end as length_km,
					case when ST_Dimension(g.geom) = 2
						then ST_Area(ST_Intersection(g.geom, m.geom)::geography) / 1e6 end as area_km2
				 from public.municipality m, g
				 where ST_Intersects(g.geom, m.geom)`,
				[JSON.stringify(geometry)]
			);
			return rows
				.map((r) => ({
					istat: r.istat,
					name: r.name,
					population: r.population,
					...(r.length_km !== null ? { length_km: Number(r.length_km) } : {}),
					...(r.area_km2 !== null ? { area_km2: Number(r.area_km2) } : {})
				}))
				.filter((r) =>
					r.length_km !== undefined
						? r.length_km >= MIN_SHARE_LENGTH_KM
						: r.area_km2 !== undefined
							? r.area_km2 >= MIN_SHARE_AREA_KM2
							: true
				)
				.sort((a, b) => (b.length_km ?? b.area_km2 ?? 0) - (a.length_km ?? a.area_km2 ?? 0));
		},

		/** Everything the impact panel lists, within `distanceKm` of the geometry. */
		async computeImpact(geometry: Geometry, distanceKm = 1): Promise<Impact> {
			const params = [JSON.stringify(geometry), distanceKm * 1000];
			const [municipalities, nearby, interventions] = await Promise.all([
				this.municipalityShares(geometry),
				db.query<NearbyFeature>(
					`with g as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography as geog)
					 select f.layer_id as layer, f.feature_id as id, f.name, f.kind,
						round((ST_Distance(f.geom::geography, g.geog) / 1000)::numeric, 3)::float8 as distance_km
					 from public.layer_feature f, g
					 where f.kind in ('bottleneck', 'station', 'district', 'technology-pole', 'puccini-place')
						and ST_DWithin(f.geom::geography, g.geog, $2)
					 order by distance_km, f.name`,
					params
				),
				db.query<{ id: string; code: string; title: string | null; distance_km: number }>(
					`with g as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography as geog)
					 select i.id, i.code, i.title_it as title,
						round((min(ST_Distance(p.geom::geography, g.geog)) / 1000)::numeric, 3)::float8 as distance_km
					 from public.intervention i
					 join lateral (
						select i.geom where i.geom is not null
						union all
						select lf.geom from public.intervention_feature f
							join public.layer_feature lf on lf.layer_id = f.layer_id and lf.feature_id = f.feature_id
							where f.intervention_id = i.id
					 ) p on true, g
					 where ST_DWithin(p.geom::geography, g.geog, $2)
					 group by i.id, i.code, i.title_it
					 order by distance_km, i.code`,
					params
				)
			]);
			const count = (kind: string) => nearby.filter((n) => n.kind === kind).length;
			return {
				distance_km: distanceKm,
				municipalities,
				nearby,
				interventions,
				suggested_ambito: suggestAmbito({
					bottlenecks: count('bottleneck'),
					stations: count('station'),
					districts: count('district'),
					poles: count('technology-pole'),
					puccini: count('puccini-place')
				})
			};
		}
	};
}
