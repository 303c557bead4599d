import type { Geometry } from 'geojson';
import {
	MIN_SHARE_AREA_KM2,
	MIN_SHARE_LENGTH_KM,
	suggestAmbito,
	type MunicipalityShare
} from '../impact.ts';
import { checkGeometryBounds } from '../proposals.ts';
import type { Database, Queryable } from './db/engine.ts';
import { RefusalError } from './refusal.ts';

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

/** The shares, from the rows PostGIS measured: slivers under the thresholds left out, largest first. */
function sharesOf(
	rows: {
		istat: string;
		name: string;
		population: number | null;
		length_km: number | null;
		area_km2: number | null;
	}[]
): MunicipalityShare[] {
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
}

// The parts of the impact, each a query over `g` (the geometry as `geom` and as `geog`) and $2
// (the distance in metres). Layer features carry their geography already (a stored column with
// its index); interventions drawn on their own are few, and converted here.
// A line is clipped segment by segment: a drawing that crosses itself many times would make GEOS
// node the whole line first, and fail (TopologyException on PostgreSQL, silently no rows on PGlite).
const SHARES = `select m.istat, m.name, m.population::int4 as population,
		case when ST_Dimension(g.geom) = 1
			then (select sum(ST_Length(ST_Intersection(s.geom, m.geom)::geography))
				from ST_DumpSegments(g.geom) s where s.geom && m.geom) / 1000 end as length_km,
		case when ST_Dimension(g.geom) = 2
			then ST_Area(ST_Intersection(g.geom, m.geom)::geography) / 1e6 end as area_km2
	 from public.municipality m
	 where ST_Intersects(g.geom, m.geom)`;
const NEARBY = `select f.layer_id as layer, f.feature_id as id, f.name, f.kind,
		round((ST_Distance(f.geog, g.geog) / 1000)::numeric, 3)::float8 as distance_km
	 from public.layer_feature f
	 where f.kind in ('bottleneck', 'station', 'district', 'technology-pole', 'puccini-place')
		and ST_DWithin(f.geog, g.geog, $2)`;
// Distances first (an intervention drawn on its own, or the layer features it is linked to),
// then the interventions: measured once per feature, not once per intervention and feature.
const INTERVENTIONS = `select i.id, i.code, i.title_it as title,
		round((min(d.metres) / 1000)::numeric, 3)::float8 as distance_km
	 from (
		select own.id, ST_Distance(own.geom::geography, g.geog) as metres
			from public.intervention own
			where own.geom is not null and ST_DWithin(own.geom::geography, g.geog, $2)
		union all
		select f.intervention_id, ST_Distance(lf.geog, g.geog)
			from public.layer_feature lf
			join public.intervention_feature f on f.layer_id = lf.layer_id and f.feature_id = lf.feature_id
			where ST_DWithin(lf.geog, g.geog, $2)
	 ) d
	 join public.intervention i on i.id = d.id
	 group by i.id, i.code, i.title_it`;

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export function impactQueries(db: Queryable) {
	return {
		/** Lengths or areas inside each municipality, clipped and measured on the ellipsoid by PostGIS. */
		async municipalityShares(geometry: Geometry): Promise<MunicipalityShare[]> {
			const rows = await db.query<Parameters<typeof sharesOf>[0][number]>(
				`with g as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) as geom)
				 select s.* from g, lateral (${SHARES}) s`,
				[JSON.stringify(geometry)]
			);
			return sharesOf(rows);
		},

		/**
		 * Whether PostGIS takes the geometry as valid, and if so everything the impact panel lists
		 * within `distanceKm` of it: one query (one turn of the database), and nothing measured on
		 * an invalid geometry.
		 */
		async measureImpact(
			geometry: Geometry,
			distanceKm = 1
		): Promise<{ valid: false } | { valid: true; impact: Impact }> {
			const [row] = await db.query<{
				valid: boolean;
				municipalities: unknown;
				nearby: unknown;
				interventions: unknown;
			}>(
				`with g0 as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) as geom),
				 g as (select geom, geom::geography as geog, ST_IsValid(geom) as valid from g0)
				 select g.valid,
					case when g.valid then (select coalesce(json_agg(s), '[]') from (${SHARES}) s) end
						as municipalities,
					case when g.valid then (select coalesce(json_agg(n order by n.distance_km, n.name), '[]')
						from (${NEARBY}) n) end as nearby,
					case when g.valid then (select coalesce(json_agg(i order by i.distance_km, i.code), '[]')
						from (${INTERVENTIONS}) i) end as interventions
				 from g`,
				[JSON.stringify(geometry), distanceKm * 1000]
			);
			// One row always comes back, unless the engine gave up on the geometry without saying so.
			if (!row) throw new Error('the impact query returned no row');
			if (!row.valid) return { valid: false };
			const nearby = json<NearbyFeature[]>(row.nearby);
			const count = (kind: string) => nearby.filter((n) => n.kind === kind).length;
			return {
				valid: true,
				impact: {
					distance_km: distanceKm,
					municipalities: sharesOf(json(row.municipalities)),
					nearby,
					interventions: json(row.interventions),
					suggested_ambito: suggestAmbito({
						bottlenecks: count('bottleneck'),
						stations: count('station'),
						districts: count('district'),
						poles: count('technology-pole'),
						puccini: count('puccini-place')
					})
				}
			};
		},

		/** Everything the impact panel lists, within `distanceKm` of a valid geometry. */
		async computeImpact(geometry: Geometry, distanceKm = 1): Promise<Impact> {
			const measured = await this.measureImpact(geometry, distanceKm);
			if (!measured.valid) throw new Error('the geometry is not valid for PostGIS');
			return measured.impact;
		}
	};
}

type Bbox = [number, number, number, number];
const provinceBboxes = new WeakMap<Database, { version: string; bbox: Bbox }>();

/** The province's extent; it changes only with a data load, so it is measured once per version. */
async function provinceBbox(db: Database): Promise<Bbox> {
	const version = await db.dataVersion();
	const known = provinceBboxes.get(db);
	if (known?.version === version) return known.bbox;
	const [row] = await db.query<{ bbox: string }>(
		'select ST_AsGeoJSON(ST_Envelope(ST_Collect(geom))) as bbox from public.municipality'
	);
	const ring = (JSON.parse(row.bbox) as { coordinates: number[][][] }).coordinates[0];
	const lons = ring.map((p) => p[0]);
	const lats = ring.map((p) => p[1]);
	const bbox: Bbox = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
	provinceBboxes.set(db, { version, bbox });
	return bbox;
}

/**
 * A drawing (a proposal, an observation) checked — inside the province's bounds, valid for
 * PostGIS — and its impact: the validity check and the impact are one query, which measures
 * nothing on an invalid geometry. Refused with the field and the problem otherwise.
 */
export async function checkedDrawingImpact(
	db: Database,
	geometry: Geometry,
	distanceKm: number | undefined
): Promise<Impact> {
	const problem = checkGeometryBounds(geometry, await provinceBbox(db));
	if (problem) throw new RefusalError(400, 'problem.field', { field: 'geometry', problem });
	const measured = await impactQueries(db).measureImpact(geometry, distanceKm);
	if (!measured.valid)
		throw new RefusalError(400, 'problem.field', {
			field: 'geometry',
			problem: 'problem.invalidGeometry'
		});
	return measured.impact;
}
