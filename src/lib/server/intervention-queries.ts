import type { FeatureCollection, Geometry } from 'geojson';
import type {
	AmbitoInfo,
	InterventionDetail,
	InterventionFilter,
	InterventionSummary,
	LayerFeatureProperties,
	MunicipalityRef
} from '../types.ts';
import type { Queryable } from './db/engine.ts';
import { todayInItaly } from '../dates.ts';
import { monitoringQueries } from './monitoring-queries.ts';

// jsonb and json come back parsed from postgres.js and as text from some drivers.
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const numberOrNull = (value: unknown) =>
	value === null || value === undefined ? null : Number(value);

/**
 * Where an intervention is drawn: its own geometry; else the layer features it acts on; else a
 * point inside each municipality it concerns. `located_by` says which, so the map can say so.
 * Counts, not "exists": PostgreSQL may answer an "exists" by hashing the whole link table, even
 * for the few interventions a filter selects; a count is looked up per intervention.
 */
const DISPLAY_GEOMETRY = `
	case
		when i.geom is not null then 'own'
		when (select count(*) from public.intervention_feature f
			join public.layer_feature lf on lf.layer_id = f.layer_id and lf.feature_id = f.feature_id
			where f.intervention_id = i.id) > 0 then 'features'
		when (select count(*) from public.intervention_municipality im where im.intervention_id = i.id) > 0
			then 'municipalities'
	end as located_by,
	ST_AsGeoJSON(coalesce(
		i.geom,
		(select ST_Collect(lf.geom) from public.intervention_feature f
			join public.layer_feature lf on lf.layer_id = f.layer_id and lf.feature_id = f.feature_id
			where f.intervention_id = i.id),
		(select ST_Collect(ST_PointOnSurface(m.geom) order by m.istat) from public.intervention_municipality im
			join public.municipality m on m.istat = im.istat where im.intervention_id = i.id)
	), 6) as geometry`;

const SUMMARY_COLUMNS = `
	i.id, i.code, i.title_it, i.title_en, i.primary_ambito, i.status, i.start_year, i.end_year,
	i.start_date, i.end_date, i.cost_eur, i.cup, i.origin, i.regis_phase,
	i.regis_snapshot::text as regis_snapshot,
	coalesce((select array_agg(a.ambito_code order by a.ambito_code) from public.intervention_ambito a
		where a.intervention_id = i.id), '{}') as secondary_ambiti,
	coalesce((select array_agg(g.guideline_code order by g.guideline_code) from public.intervention_guideline g
		where g.intervention_id = i.id), '{}') as guidelines,
	coalesce((select array_agg(distinct fl.kind order by fl.kind) from public.funding_line fl
		where fl.intervention_id = i.id), '{}') as funding_kinds,
	coalesce((select json_agg(json_build_object('istat', m.istat, 'name', m.name) order by m.name)
		from public.intervention_municipality im join public.municipality m on m.istat = im.istat
		where im.intervention_id = i.id), '[]'::json) as municipalities,
	coalesce((select json_agg(f.layer_id || '/' || f.feature_id order by f.layer_id, f.feature_id)
		from public.intervention_feature f where f.intervention_id = i.id), '[]'::json) as features,
	${DISPLAY_GEOMETRY}`;

interface SummaryRow {
	id: string;
	code: string;
	title_it: string | null;
	title_en: string | null;
	primary_ambito: number | null;
	status: InterventionSummary['status'];
	start_year: number | null;
	end_year: number | null;
	start_date: string | null;
	end_date: string | null;
	cost_eur: string | number | null;
	cup: string | null;
	regis_phase: string | null;
	regis_snapshot: string | null;
	origin: string;
	secondary_ambiti: number[];
	guidelines: number[];
	funding_kinds: string[];
	municipalities: unknown;
	features: unknown;
	located_by: InterventionSummary['located_by'];
	geometry: string | null;
}

function summaryOf(row: SummaryRow): InterventionSummary {
	return {
		id: row.id,
		code: row.code,
		title_it: row.title_it,
		title_en: row.title_en,
		primary_ambito: row.primary_ambito,
		secondary_ambiti: row.secondary_ambiti.map(Number),
		guidelines: row.guidelines.map(Number),
		status: row.status,
		start_date: row.start_date,
		end_date: row.end_date,
		start_year: row.start_year,
		end_year: row.end_year,
		cost_eur: numberOrNull(row.cost_eur),
		cup: row.cup,
		regis_phase: row.regis_phase,
		regis_snapshot: row.regis_snapshot,
		funding_kinds: row.funding_kinds,
		municipalities: json<MunicipalityRef[]>(row.municipalities),
		features: json<string[]>(row.features),
		located_by: row.located_by
	};
}

/**
 * An intervention is shown in a year when the year lies between its start and its end; an
 * intervention with one known date is shown in that year only, and one without dates in none.
 */
const YEAR_CONDITION = `coalesce(i.start_year, i.end_year) <= $y and coalesce(i.end_year, i.start_year) >= $y`;

/**
 * The interventions with a part of their display geometry (own geometry, linked features or a
 * municipality's point) in the box's bounding rectangle: every one whose geometry intersects the
 * box, found through the spatial indexes; the exact test runs on the few found.
 */
const nearEnvelope = (envelope: string) => `
	select c.id from public.intervention c where c.geom && ${envelope}
	union all
	select f.intervention_id from public.intervention_feature f
		join public.layer_feature lf on lf.layer_id = f.layer_id and lf.feature_id = f.feature_id
		where lf.geom && ${envelope}
	union all
	select im.intervention_id from public.intervention_municipality im
		join public.municipality m on m.istat = im.istat where m.geom && ${envelope}`;

export function interventionQueries(db: Queryable) {
	return {
		async listAmbiti(): Promise<AmbitoInfo[]> {
			const rows = await db.query<{
				code: number;
				slug: string;
				name_it: string;
				name_en: string;
				count: number;
			}>(
				`select a.code, a.slug, a.name_it, a.name_en,
					(select count(*)::int4 from public.intervention i where i.primary_ambito = a.code) as count
				 from public.ambito a order by a.code`
			);
			return rows.map((r) => ({
				code: r.code,
				slug: r.slug,
				name: { it: r.name_it, en: r.name_en },
				interventions: r.count
			}));
		},

		async listGuidelines(): Promise<{ code: number; name: { it: string; en: string } }[]> {
			const rows = await db.query<{ code: number; name_it: string; name_en: string }>(
				'select code, name_it, name_en from public.guideline order by code'
			);
			return rows.map((r) => ({ code: r.code, name: { it: r.name_it, en: r.name_en } }));
		},

		/** Interventions matching every given filter, as GeoJSON (undrawable ones with a null geometry). */
		async listInterventions(
			filter: InterventionFilter = {}
		): Promise<FeatureCollection<Geometry | null, InterventionSummary>> {
			const params: unknown[] = [];
			const param = (value: unknown) => `$${params.push(value)}`;
			const where: string[] = [];
			if (filter.ambito?.length) {
				const list = param(filter.ambito);
				// A union of two index lookups: an "or exists" would make PostgreSQL read every row.
				where.push(`i.id in (select p.id from public.intervention p where p.primary_ambito = any(${list}::int2[])
					union all select a.intervention_id from public.intervention_ambito a where a.ambito_code = any(${list}::int2[]))`);
			}
			if (filter.unassignedAmbito) where.push('i.primary_ambito is null');
			if (filter.guideline?.length)
				where.push(`exists (select 1 from public.intervention_guideline g where g.intervention_id = i.id
					and g.guideline_code = any(${param(filter.guideline)}::int2[]))`);
			if (filter.status?.length) where.push(`i.status = any(${param(filter.status)}::text[])`);
			if (filter.funding?.length)
				where.push(`exists (select 1 from public.funding_line fl where fl.intervention_id = i.id
					and fl.kind = any(${param(filter.funding)}::text[]))`);
			if (filter.municipality)
				where.push(`exists (select 1 from public.intervention_municipality im where im.intervention_id = i.id
					and im.istat = ${param(filter.municipality)})`);
			if (filter.year !== undefined) {
				const year = `${param(filter.year)}::int4`;
				where.push(YEAR_CONDITION.replaceAll('$y', () => year));
			}
			const envelope =
				filter.bbox && `ST_MakeEnvelope(${filter.bbox.map((v) => param(v)).join(', ')}, 4326)`;
			if (envelope) where.push(`i.id in (${nearEnvelope(envelope)})`);
			const rows = await db.query<SummaryRow>(
				`select * from (select ${SUMMARY_COLUMNS} from public.intervention i
				 ${where.length ? `where ${where.join(' and ')}` : ''}) s
				 ${
						envelope
							? `where s.geometry is not null and ST_Intersects(ST_GeomFromGeoJSON(s.geometry), ${envelope})`
							: ''
					}
				 order by s.primary_ambito nulls last, s.code`,
				params
			);
			return {
				type: 'FeatureCollection',
				features: rows.map((row) => ({
					type: 'Feature',
					id: row.id,
					properties: summaryOf(row),
					geometry: row.geometry ? (JSON.parse(row.geometry) as Geometry) : null
				}))
			};
		},

		/**
		 * The interventions as a catalogue layer: features with a position, described like the other
		 * layers (source, precision) so the map, the list and the panels treat them alike.
		 */
		async getInterventionsLayer(
			options: { bbox?: [number, number, number, number]; today?: string } = {}
		): Promise<FeatureCollection<Geometry, LayerFeatureProperties>> {
			const collection = await this.listInterventions({ bbox: options.bbox });
			const progress = await monitoringQueries(db).listProgress(
				{ ids: collection.features.map((feature) => feature.properties.id) },
				options.today ?? todayInItaly()
			);
			const progressOf = new Map(progress.map((p) => [p.id, p]));
			// Only the sources of the interventions drawn (inside the box, if one is given).
			const sources = await db.query<{ id: string; source: unknown }>(
				`select id, sources -> 0 as source from public.intervention where id = any($1::text[])`,
				[collection.features.map((feature) => feature.properties.id)]
			);
			const firstSource = new Map(
				sources.map((s) => [s.id, json<{ title: string; url: string | null }>(s.source)])
			);
			return {
				type: 'FeatureCollection',
				features: collection.features.flatMap((feature) => {
					const p = feature.properties;
					if (!feature.geometry) return [];
					const source = firstSource.get(p.id);
					return [
						{
							type: 'Feature' as const,
							id: p.id,
							geometry: feature.geometry,
							properties: {
								...p,
								layer: 'interventions',
								kind: 'intervention',
								name: p.title_it ?? `CUP ${p.cup ?? p.code}`,
								name_en: p.title_en ?? p.title_it ?? `CUP ${p.cup ?? p.code}`,
								source: source?.url ?? source?.title ?? '',
								source_date: null,
								licence: '',
								// Drawn on linked features or inside municipalities: never a surveyed position.
								precision: 'schematic',
								estimated: p.located_by !== 'own',
								owner: '',
								// The stato di avanzamento by the monitoring rules, and the rule that decided.
								progress: progressOf.get(p.id)?.progress ?? 'not_monitored',
								progress_rule: progressOf.get(p.id)?.rule ?? 'no_milestones'
							}
						}
					];
				})
			};
		},

		/** Everything known about one intervention, or null when there is none with that id. */
		async getIntervention(id: string): Promise<InterventionDetail | null> {
			const [row] = await db.query<
				SummaryRow & {
					description_it: string | null;
					description_en: string | null;
					context_it: string | null;
					context_en: string | null;
					status_source: string | null;
					cost_source: string | null;
					lead_body: string | null;
					actors: string[];
					sources: unknown;
					created_at: string;
					updated_at: string;
				}
			>(
				`select ${SUMMARY_COLUMNS}, i.description_it, i.description_en, i.context_it, i.context_en,
					i.status_source, i.cost_source, i.lead_body, i.actors, i.sources,
					to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
					to_char(i.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at
				 from public.intervention i where i.id = $1`,
				[id]
			);
			if (!row) return null;
			const [funding, linked, history] = await Promise.all([
				// numeric comes back as text: converted below.
				db.query<
					Omit<InterventionDetail['funding'][number], 'amount_eur'> & { amount_eur: string | null }
				>(
					`select kind, amount_eur, document, document_url, note from public.funding_line
					 where intervention_id = $1 order by id`,
					[id]
				),
				db.query<{ layer: string; id: string; name: string | null; relation: string }>(
					`select f.layer_id as layer, f.feature_id as id, lf.name, f.relation
					 from public.intervention_feature f
					 left join public.layer_feature lf on lf.layer_id = f.layer_id and lf.feature_id = f.feature_id
					 where f.intervention_id = $1 order by f.layer_id, f.feature_id`,
					[id]
				),
				db.query<{ changed_at: string; changed_by: string; operation: string; changes: unknown }>(
					`select to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as changed_at,
						changed_by, operation, changes
					 from public.intervention_change where intervention_id = $1 order by id desc`,
					[id]
				)
			]);
			return {
				...summaryOf(row),
				description_it: row.description_it,
				description_en: row.description_en,
				context_it: row.context_it,
				context_en: row.context_en,
				status_source: row.status_source,
				cost_source: row.cost_source,
				lead_body: row.lead_body,
				actors: row.actors,
				sources: json(row.sources),
				funding: funding.map((f) => ({ ...f, amount_eur: numberOrNull(f.amount_eur) })),
				linked_features: linked,
				history: history.map((h) => ({ ...h, changes: json(h.changes) })),
				geometry: row.geometry ? (JSON.parse(row.geometry) as Geometry) : null,
				created_at: row.created_at,
				updated_at: row.updated_at
			};
		}
	};
}
