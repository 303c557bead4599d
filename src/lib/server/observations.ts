import type { FeatureCollection, Geometry } from 'geojson';
import type { DrawnGeometry } from '../drawing/geometry-file.ts';
import type { ObservationEdit, ObservationInput } from '../observation.ts';
import type {
	Discussion,
	ObservationCategoryInfo,
	ObservationFilter,
	ObservationSummary
} from '../types.ts';
import type { Database, Transactional } from './db/engine.ts';
import { asIdentity, batchAsIdentity, type Identity } from './db/identity.ts';
import { discussionRefusal, readDiscussion, UTC } from './discussions.ts';
import { checkedDrawingImpact, type Impact } from './impact-queries.ts';
import { RefusalError } from './refusal.ts';

export interface ObservationDetail extends ObservationSummary, Discussion {
	body: string;
	geometry: DrawnGeometry;
	impact: Impact;
	answer: string | null;
	proposal_id: string | null;
	version: number;
	updated_at: string;
	/** Whether the person asking wrote it. */
	mine: boolean;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

const SUMMARY = `o.id, o.title, o.category, c.ambito_code as ambito, o.status, o.hidden,
	public.member_name(o.author_id) as author_name,
	coalesce((select json_agg(json_build_object('istat', m->>'istat', 'name', m->>'name'))
		from jsonb_array_elements(o.impact->'municipalities') m), '[]'::json) as municipalities,
	(select count(*)::int4 from public.support s
		where s.item_kind = 'observation' and s.item_id = o.id::text) as supports,
	public.visible_comment_count('observation', o.id::text) as comment_count,
	${UTC('o.created_at')} as created_at`;

function summaryOf(row: Record<string, unknown>): ObservationSummary {
	return {
		id: String(row.id),
		title: String(row.title),
		category: String(row.category),
		ambito: row.ambito === null ? null : Number(row.ambito),
		status: row.status as ObservationSummary['status'],
		hidden: Boolean(row.hidden),
		author_name: (row.author_name as string | null) ?? null,
		municipalities: json(row.municipalities),
		supports: Number(row.supports),
		comment_count: Number(row.comment_count),
		created_at: String(row.created_at)
	};
}

/** What the database refused, as the refusal a person understands. */
function refusal(error: unknown): never {
	const { code, message, constraint } = error as {
		code?: string;
		message?: string;
		constraint?: string;
	};
	if (code === '40001') throw new RefusalError(409, 'observation.editConflict');
	if (constraint === 'observation_in_province' || /outside the province/.test(message ?? ''))
		throw new RefusalError(400, 'problem.field', {
			field: 'geometry',
			problem: 'problem.outsideProvince'
		});
	return discussionRefusal(error);
}

/**
 * The observations a person may see, as GeoJSON, narrowed by the filter; `points`: each as
 * one point (a line's or an area's point on its surface), for a clustered map layer.
 */
export function listObservationFeatures(
	db: Transactional,
	identity: Identity,
	filter: ObservationFilter = {},
	options: { points?: boolean } = {}
): Promise<FeatureCollection<Geometry, ObservationSummary & { shape: string }>> {
	const where: string[] = [];
	const params: unknown[] = [];
	const param = (value: unknown) => `$${params.push(value)}`;
	// A place (box, municipality) is found by the database's own indexed lookup.
	if (filter.bbox || filter.istat)
		where.push(
			`o.id in (select public.observations_matching(${
				filter.bbox ? `ST_MakeEnvelope(${filter.bbox.map(param).join(', ')}, 4326)` : 'null'
			}, ${filter.istat ? `${param(filter.istat)}::text` : 'null'}))`
		);
	if (filter.category) where.push(`o.category = ${param(filter.category)}`);
	if (filter.ambito) where.push(`c.ambito_code = ${param(filter.ambito)}`);
	if (filter.status === 'hidden') where.push('o.hidden');
	else if (filter.status) where.push(`o.status = ${param(filter.status)} and not o.hidden`);
	return asIdentity(db, identity, async (tx) => {
		const rows = await tx.query<Record<string, unknown>>(
			`select ${SUMMARY}, GeometryType(o.geom) as shape,
				ST_AsGeoJSON(${options.points ? `case when GeometryType(o.geom) = 'POINT' then o.geom else ST_PointOnSurface(o.geom) end` : 'o.geom'}, 6) as geometry
			 from public.observation o join public.observation_category c on c.code = o.category
			 ${where.length ? `where ${where.join(' and ')}` : ''}
			 order by o.created_at desc limit 2000`,
			params
		);
		return {
			type: 'FeatureCollection',
			features: rows.map((row) => ({
				type: 'Feature',
				id: String(row.id),
				properties: { ...summaryOf(row), shape: String(row.shape).toLowerCase() },
				geometry: JSON.parse(String(row.geometry)) as Geometry
			}))
		};
	});
}

/**
 * Observations of the territory (their supports and comments are discussions.ts's). Every read
 * and write runs as the person asking: row-level security decides what they see (hidden items:
 * moderators and authors only) and what they may change.
 */
export function observationQueries(db: Database) {
	return {
		async createObservation(identity: Identity, input: ObservationInput) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const impact = await checkedDrawingImpact(db, input.geometry, 1);
			const [[row]] = await batchAsIdentity<{ id: string }>(db, identity, [
				{
					text: `insert into public.observation (title, body, category, geom, impact, organisation)
					 values ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326), $5::text::jsonb,
						(select organisation from public.member where user_id = auth.uid()))
					 returning id`,
					params: [
						input.title,
						input.body,
						input.category,
						JSON.stringify(input.geometry),
						JSON.stringify(impact)
					]
				}
			]).catch(refusal);
			return { id: String(row.id), impact };
		},

		/** The observations a person may see, as GeoJSON (see `listObservationFeatures`). */
		listObservations(
			identity: Identity,
			filter: ObservationFilter = {},
			options: { points?: boolean } = {}
		) {
			return listObservationFeatures(db, identity, filter, options);
		},

		/** One observation with its discussion and the moderation steps the person may read. */
		getObservation(identity: Identity, id: string): Promise<ObservationDetail | null> {
			return asIdentity(db, identity, async (tx) => {
				const [row] = await tx.query<Record<string, unknown>>(
					`select ${SUMMARY}, o.body, ST_AsGeoJSON(o.geom, 7) as geometry, o.impact, o.answer,
						o.proposal_id, o.version, ${UTC('o.updated_at')} as updated_at,
						coalesce(o.author_id = auth.uid(), false) as mine
					 from public.observation o join public.observation_category c on c.code = o.category
					 where o.id = $1`,
					[id]
				);
				if (!row) return null;
				return {
					...summaryOf(row),
					...(await readDiscussion(tx, identity, 'observation', id)),
					body: String(row.body),
					geometry: JSON.parse(String(row.geometry)) as DrawnGeometry,
					impact: json<Impact>(row.impact),
					answer: (row.answer as string | null) ?? null,
					proposal_id: (row.proposal_id as string | null) ?? null,
					version: Number(row.version),
					updated_at: String(row.updated_at),
					mine: Boolean(row.mine)
				};
			});
		},

		/**
		 * The author corrects an observation within 30 minutes of posting it (row-level security
		 * holds the window): title, text, category and place, the impact worked out again. A stale
		 * version → 409; not the author's, past the window or hidden → 403.
		 */
		async editObservation(identity: Identity, id: string, edit: ObservationEdit) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const impact = await checkedDrawingImpact(db, edit.geometry, 1);
			const [rows] = await batchAsIdentity<{ id: string; version: number }>(db, identity, [
				{
					text: `update public.observation set title = $2, body = $3, category = $4,
						geom = ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), impact = $6::text::jsonb, version = $7
					 where id = $1 returning id, version`,
					params: [
						id,
						edit.title,
						edit.body,
						edit.category,
						JSON.stringify(edit.geometry),
						JSON.stringify(impact),
						edit.version
					]
				}
			]).catch(refusal);
			if (rows.length === 0) throw new RefusalError(403, 'problem.editWindowOver');
			return { id: String(rows[0].id), version: Number(rows[0].version), impact };
		},

		/** The categories a stakeholder picks from, in their order, each with its ambito. */
		async listCategories(): Promise<ObservationCategoryInfo[]> {
			const rows = await db.query<{
				code: string;
				ambito: number | null;
				name_it: string;
				name_en: string;
			}>(
				`select code, ambito_code as ambito, name_it, name_en
				 from public.observation_category order by position`
			);
			return rows.map((r) => ({
				code: r.code,
				ambito: r.ambito === null ? null : Number(r.ambito),
				name: { it: r.name_it, en: r.name_en }
			}));
		},

		/** The cabina di regia answers an observation: its author hears of it ("novità"). */
		async answer(identity: Identity, id: string, answer: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const [rows] = await batchAsIdentity(db, identity, [
				{
					text: `update public.observation set status = 'answered', answer = $2
					 where id = $1 and not hidden and status <> 'in_proposal' returning id`,
					params: [id, answer]
				}
			]).catch(refusal);
			if (rows.length === 0) throw new RefusalError(403, 'problem.notAllowed');
		},

		/**
		 * The cabina di regia turns an observation into a proposal draft of its own: geometry, text
		 * and impact carried over, the link kept both ways. Returns the proposal's id.
		 */
		async takeIntoProposal(identity: Identity, id: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				const [proposal] = await tx
					.query<{ id: string }>(
						`insert into public.proposal (title, description, geom, impact, primary_ambito,
							observation_id)
						 select o.title, o.body, o.geom, o.impact, c.ambito_code, o.id
						 from public.observation o join public.observation_category c on c.code = o.category
						 where o.id = $1 and o.status = 'open' and not o.hidden
						 returning id`,
						[id]
					)
					.catch(refusal);
				if (!proposal) throw new RefusalError(409, 'problem.notOpen');
				// Row-level security lets only the cabina di regia change it: no row means refused, and
				// throwing undoes the proposal inserted above.
				const linked = await tx
					.query(
						`update public.observation set status = 'in_proposal', proposal_id = $2
						 where id = $1 returning id`,
						[id, proposal.id]
					)
					.catch(refusal);
				if (linked.length === 0) throw new RefusalError(403, 'problem.notAllowed');
				return { proposal_id: String(proposal.id) };
			});
		}
	};
}

/**
 * The observations map layer: what every anonymous reader sees (hidden ones never), each
 * observation as one point carrying the fields the map filters and its card shows.
 */
export async function observationLayer(
	db: Transactional,
	options: { bbox?: [number, number, number, number] } = {}
) {
	const collection = await listObservationFeatures(
		db,
		null,
		{ bbox: options.bbox },
		{ points: true }
	);
	return {
		type: 'FeatureCollection' as const,
		features: collection.features.map((feature) => ({
			...feature,
			properties: {
				...feature.properties,
				layer: 'observations',
				kind: 'observation',
				name: feature.properties.title,
				// What every feature of a layer says: where it comes from and how exact it is.
				source: `${feature.properties.author_name ?? 'Partecipante'}, osservazione sull'Atlante Lucca 2030`,
				precision: feature.properties.shape === 'point' ? 'as-drawn' : 'point-on-shape'
			}
		}))
	};
}
