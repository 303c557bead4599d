import type { FeatureCollection, Geometry } from 'geojson';
import type { ObservationCategory, ObservationInput } from '../observation.ts';
import type { Database, Queryable } from './db/engine.ts';
import { asIdentity, batchAsIdentity, type Identity } from './db/identity.ts';
import { checkedDrawingImpact, type Impact } from './impact-queries.ts';
import { RefusalError } from './refusal.ts';

export type ItemKind = 'observation' | 'proposal' | 'intervention';

export interface ObservationSummary {
	id: string;
	title: string;
	category: ObservationCategory;
	/** The ambito its category suggests (null for "other"). */
	ambito: number | null;
	status: 'open' | 'in_proposal' | 'answered';
	/** Only moderators and the author ever see a hidden one. */
	hidden: boolean;
	author_name: string | null;
	municipalities: { istat: string; name: string }[];
	supports: number;
	comments: number;
	created_at: string;
}

export interface ObservationComment {
	id: number;
	parent_id: number | null;
	author_name: string | null;
	body: string;
	hidden: boolean;
	created_at: string;
}

export interface ModerationStep {
	item_kind: 'observation' | 'comment';
	item_id: string;
	action: 'hide' | 'restore';
	reason: string | null;
	note: string | null;
	moderator_name: string | null;
	at: string;
}

export interface ObservationDetail extends ObservationSummary {
	body: string;
	geometry: Geometry;
	impact: Impact;
	answer: string | null;
	proposal_id: string | null;
	version: number;
	updated_at: string;
	/** Whether the person asking supports it, and wrote it. */
	supported: boolean;
	mine: boolean;
	comments_list: ObservationComment[];
	/** The moderation steps the person may read (moderators: all; authors: their items'). */
	moderation: ModerationStep[];
}

export interface ObservationFilter {
	bbox?: [number, number, number, number];
	category?: ObservationCategory;
	ambito?: number;
	istat?: string;
	/** open, in_proposal, answered; "hidden" for moderators only (RLS decides what they see). */
	status?: 'open' | 'in_proposal' | 'answered' | 'hidden';
}

const UTC = (column: string) =>
	`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

const SUMMARY = `o.id, o.title, o.category, c.ambito_code as ambito, o.status, o.hidden,
	public.member_name(o.author_id) as author_name,
	coalesce((select json_agg(json_build_object('istat', m->>'istat', 'name', m->>'name'))
		from jsonb_array_elements(o.impact->'municipalities') m), '[]'::json) as municipalities,
	(select count(*)::int4 from public.support s
		where s.item_kind = 'observation' and s.item_id = o.id::text) as supports,
	(select count(*)::int4 from public.comment k
		where k.item_kind = 'observation' and k.item_id = o.id::text and not k.hidden) as comments,
	${UTC('o.created_at')} as created_at`;

function summaryOf(row: Record<string, unknown>): ObservationSummary {
	return {
		id: String(row.id),
		title: String(row.title),
		category: row.category as ObservationCategory,
		ambito: row.ambito === null ? null : Number(row.ambito),
		status: row.status as ObservationSummary['status'],
		hidden: Boolean(row.hidden),
		author_name: (row.author_name as string | null) ?? null,
		municipalities: json(row.municipalities),
		supports: Number(row.supports),
		comments: Number(row.comments),
		created_at: String(row.created_at)
	};
}

async function supportCount(tx: Queryable, kind: ItemKind, id: string): Promise<number> {
	const [{ n }] = await tx.query<{ n: number }>(
		`select count(*)::int4 as n from public.support where item_kind = $1 and item_id = $2`,
		[kind, id]
	);
	return Number(n);
}

/** What the database refused, as the refusal a person understands. */
function refusal(error: unknown): never {
	const { code, message, constraint } = error as {
		code?: string;
		message?: string;
		constraint?: string;
	};
	if (code === '23505') throw new RefusalError(409, 'problem.alreadySupported');
	if (code === '40001') throw new RefusalError(409, 'problem.conflict');
	if (code === '42501' || /row-level security|permission denied|only /.test(message ?? ''))
		throw new RefusalError(403, 'problem.notAllowed');
	if (constraint === 'observation_in_province' || /outside the province/.test(message ?? ''))
		throw new RefusalError(400, 'problem.field', {
			field: 'geometry',
			problem: 'problem.outsideProvince'
		});
	if (constraint === 'comment_one_level' || /top-level comment/.test(message ?? ''))
		throw new RefusalError(400, 'problem.field', {
			field: 'parent_id',
			problem: 'problem.replyToReply'
		});
	throw error;
}

/**
 * Observations of the territory, and the supports and comments on observations, proposals and
 * interventions. Every read and write runs as the person asking: row-level security decides
 * what they see (hidden items: moderators and authors only) and what they may change.
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

		/** The observations a person may see, as GeoJSON, narrowed by the filter. */
		listObservations(
			identity: Identity,
			filter: ObservationFilter = {}
		): Promise<FeatureCollection<Geometry, ObservationSummary>> {
			const where: string[] = [];
			const params: unknown[] = [];
			const param = (value: unknown) => `$${params.push(value)}`;
			if (filter.bbox)
				where.push(`o.geom && ST_MakeEnvelope(${filter.bbox.map(param).join(', ')}, 4326)`);
			if (filter.category) where.push(`o.category = ${param(filter.category)}`);
			if (filter.ambito) where.push(`c.ambito_code = ${param(filter.ambito)}`);
			if (filter.istat)
				where.push(
					`o.impact->'municipalities' @> jsonb_build_array(jsonb_build_object('istat', ${param(filter.istat)}::text))`
				);
			if (filter.status === 'hidden') where.push('o.hidden');
			else if (filter.status) where.push(`o.status = ${param(filter.status)} and not o.hidden`);
			return asIdentity(db, identity, async (tx) => {
				const rows = await tx.query<Record<string, unknown>>(
					`select ${SUMMARY}, ST_AsGeoJSON(o.geom, 6) as geometry
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
						properties: summaryOf(row),
						geometry: JSON.parse(String(row.geometry)) as Geometry
					}))
				};
			});
		},

		/** One observation with its comments and the moderation steps the person may read. */
		getObservation(identity: Identity, id: string): Promise<ObservationDetail | null> {
			return asIdentity(db, identity, async (tx) => {
				const [row] = await tx.query<Record<string, unknown>>(
					`select ${SUMMARY}, o.body, ST_AsGeoJSON(o.geom, 7) as geometry, o.impact, o.answer,
						o.proposal_id, o.version, ${UTC('o.updated_at')} as updated_at,
						coalesce(o.author_id = auth.uid(), false) as mine,
						exists (select 1 from public.support s where s.item_kind = 'observation'
							and s.item_id = o.id::text and s.member_id = auth.uid()) as supported
					 from public.observation o join public.observation_category c on c.code = o.category
					 where o.id = $1`,
					[id]
				);
				if (!row) return null;
				const [comments, moderation] = await Promise.all([
					tx.query<ObservationComment>(
						`select id::int4 as id, parent_id::int4 as parent_id,
							public.member_name(author_id) as author_name, body, hidden,
							${UTC('created_at')} as created_at
						 from public.comment where item_kind = 'observation' and item_id = $1
						 order by coalesce(parent_id, id), id`,
						[id]
					),
					// Anonymous visitors have no right to the log at all.
					identity === null
						? ([] as ModerationStep[])
						: tx.query<ModerationStep>(
								`select e.item_kind, e.item_id, e.action, e.reason, e.note,
								public.member_name(e.moderator_id) as moderator_name, ${UTC('e.at')} as at
							 from public.moderation_event e
							 where (e.item_kind = 'observation' and e.item_id = $1)
								or (e.item_kind = 'comment' and e.item_id in (
									select k.id::text from public.comment k
									where k.item_kind = 'observation' and k.item_id = $1))
							 order by e.at`,
								[id]
							)
				]);
				return {
					...summaryOf(row),
					body: String(row.body),
					geometry: JSON.parse(String(row.geometry)) as Geometry,
					impact: json<Impact>(row.impact),
					answer: (row.answer as string | null) ?? null,
					proposal_id: (row.proposal_id as string | null) ?? null,
					version: Number(row.version),
					updated_at: String(row.updated_at),
					supported: Boolean(row.supported),
					mine: Boolean(row.mine),
					comments_list: comments.map((c) => ({
						...c,
						id: Number(c.id),
						parent_id: c.parent_id === null ? null : Number(c.parent_id)
					})),
					moderation
				};
			});
		},

		/**
		 * Supports an item once. A second support by the same person is refused by the primary key
		 * and answered as already done (idempotent): the count does not change.
		 */
		async support(identity: Identity, kind: ItemKind, id: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				const inserted = await tx
					.query<{ item_id: string }>(
						`insert into public.support (item_kind, item_id) values ($1, $2)
						 on conflict do nothing returning item_id`,
						[kind, id]
					)
					.catch(refusal);
				const n = await supportCount(tx, kind, id);
				return { created: inserted.length === 1, supports: n };
			});
		},

		async withdrawSupport(identity: Identity, kind: ItemKind, id: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await tx.query(
					`delete from public.support where item_kind = $1 and item_id = $2 and member_id = auth.uid()`,
					[kind, id]
				);
				const n = await supportCount(tx, kind, id);
				return { supports: n };
			});
		},

		async addComment(
			identity: Identity,
			kind: ItemKind,
			id: string,
			input: { body: string; parent_id: number | null }
		) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const [[row]] = await batchAsIdentity<{ id: number }>(db, identity, [
				{
					text: `insert into public.comment (item_kind, item_id, parent_id, body)
					 values ($1, $2, $3, $4) returning id::int4 as id`,
					params: [kind, id, input.parent_id, input.body]
				}
			]).catch(refusal);
			return { id: Number(row.id) };
		},

		/** Hides (with a reason) or restores an observation or a comment: moderators only. */
		async moderate(
			identity: Identity,
			kind: 'observation' | 'comment',
			id: string,
			decision: { action: 'hide' | 'restore'; reason?: string; note: string | null }
		) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			await asIdentity(db, identity, (tx) =>
				tx.query('select public.moderate_item($1, $2, $3, $4, $5)', [
					kind,
					id,
					decision.action,
					decision.reason ?? null,
					decision.note
				])
			).catch((error: { code?: string }) => {
				if (error.code === 'P0002') throw new RefusalError(404, 'problem.itemNotFound');
				return refusal(error);
			});
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
