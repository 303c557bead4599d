import type { Discussion, DiscussionComment, ItemKind, ModerationStep } from '../types.ts';
import type { Database, Queryable } from './db/engine.ts';
import { asIdentity, batchAsIdentity, type Identity } from './db/identity.ts';
import { RefusalError } from './refusal.ts';

export const UTC = (column: string) =>
	`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** What the database refused, as the refusal a person understands. */
export function discussionRefusal(error: unknown): never {
	const { code, message, constraint } = error as {
		code?: string;
		message?: string;
		constraint?: string;
	};
	if (code === '23505') throw new RefusalError(409, 'problem.alreadySupported');
	if (code === '40001') throw new RefusalError(409, 'problem.conflict');
	if (code === '42501' || /row-level security|permission denied|only /.test(message ?? ''))
		throw new RefusalError(403, 'problem.notAllowed');
	if (constraint === 'comment_one_level' || /top-level comment/.test(message ?? ''))
		throw new RefusalError(400, 'problem.field', {
			field: 'parent_id',
			problem: 'problem.replyToReply'
		});
	throw error;
}

async function supportCount(tx: Queryable, kind: ItemKind, id: string): Promise<number> {
	const [{ n }] = await tx.query<{ n: number }>(
		`select count(*)::int4 as n from public.support where item_kind = $1 and item_id = $2`,
		[kind, id]
	);
	return Number(n);
}

/** 404 unless the person may see the item (its own row-level security decides). */
async function requireVisible(tx: Queryable, kind: ItemKind, id: string) {
	const [{ visible }] = await tx.query<{ visible: boolean }>(
		'select public.item_visible($1, $2) as visible',
		[kind, id]
	);
	if (!visible) throw new RefusalError(404, 'problem.itemNotFound');
}

/**
 * An item's supports, comments (threaded one level) and the moderation steps the person may read
 * (moderators: all; authors: those on their own items), inside the caller's transaction.
 */
export async function readDiscussion(
	tx: Queryable,
	identity: Identity,
	kind: ItemKind,
	id: string
): Promise<Discussion> {
	const [counts] = await tx.query<{ supports: number; supported: boolean }>(
		`select count(*)::int4 as supports, coalesce(bool_or(member_id = auth.uid()), false) as supported
		 from public.support where item_kind = $1 and item_id = $2`,
		[kind, id]
	);
	const comments = await tx.query<DiscussionComment>(
		`select id::int4 as id, parent_id::int4 as parent_id,
			public.member_name(author_id) as author_name, body, hidden,
			coalesce(author_id = auth.uid(), false) as mine, ${UTC('created_at')} as created_at
		 from public.comment where item_kind = $1 and item_id = $2
		 order by coalesce(parent_id, id), id`,
		[kind, id]
	);
	// Anonymous visitors have no right to the log at all.
	const moderation =
		identity === null
			? []
			: await tx.query<ModerationStep>(
					`select e.item_kind, e.item_id, e.action, e.reason, e.note,
						public.member_name(e.moderator_id) as moderator_name, ${UTC('e.at')} as at
					 from public.moderation_event e
					 where ($1 = 'observation' and e.item_kind = 'observation' and e.item_id = $2)
						or (e.item_kind = 'comment' and e.item_id in (
							select k.id::text from public.comment k
							where k.item_kind = $1 and k.item_id = $2))
					 order by e.at, e.id`,
					[kind, id]
				);
	return {
		supports: Number(counts.supports),
		supported: Boolean(counts.supported),
		comments: comments.map((c) => ({
			...c,
			id: Number(c.id),
			parent_id: c.parent_id === null ? null : Number(c.parent_id)
		})),
		moderation
	};
}

/**
 * Supports and comments on observations, proposals and interventions, and the moderation of
 * observations and comments. Every write runs as the person asking: row-level security decides
 * whether they may (one support per account and item is the table's primary key).
 */
export function discussionQueries(db: Database) {
	return {
		discussion(identity: Identity, kind: ItemKind, id: string): Promise<Discussion | null> {
			return asIdentity(db, identity, async (tx) => {
				const [{ visible }] = await tx.query<{ visible: boolean }>(
					'select public.item_visible($1, $2) as visible',
					[kind, id]
				);
				return visible ? readDiscussion(tx, identity, kind, id) : null;
			});
		},

		/**
		 * Supports an item once. A second support by the same person meets the primary key and is
		 * answered as already done (idempotent): nothing is added and the count does not change.
		 */
		async support(identity: Identity, kind: ItemKind, id: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await requireVisible(tx, kind, id);
				const inserted = await tx
					.query<{ item_id: string }>(
						`insert into public.support (item_kind, item_id) values ($1, $2)
						 on conflict do nothing returning item_id`,
						[kind, id]
					)
					.catch(discussionRefusal);
				return { created: inserted.length === 1, supports: await supportCount(tx, kind, id) };
			});
		},

		async withdrawSupport(identity: Identity, kind: ItemKind, id: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await requireVisible(tx, kind, id);
				await tx.query(
					`delete from public.support where item_kind = $1 and item_id = $2 and member_id = auth.uid()`,
					[kind, id]
				);
				return { supports: await supportCount(tx, kind, id) };
			});
		},

		async addComment(
			identity: Identity,
			kind: ItemKind,
			id: string,
			input: { body: string; parent_id: number | null }
		) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await requireVisible(tx, kind, id);
				const [row] = await tx
					.query<{ id: number }>(
						`insert into public.comment (item_kind, item_id, parent_id, body)
						 values ($1, $2, $3, $4) returning id::int4 as id`,
						[kind, id, input.parent_id, input.body]
					)
					.catch(discussionRefusal);
				return { id: Number(row.id) };
			});
		},

		/** Hides (with a reason) or restores an observation or a comment: moderators only. */
		async moderate(
			identity: Identity,
			kind: 'observation' | 'comment',
			id: string,
			decision: { action: 'hide' | 'restore'; reason?: string; note: string | null }
		) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			await batchAsIdentity(db, identity, [
				{
					text: 'select public.moderate_item($1, $2, $3, $4, $5)',
					params: [kind, id, decision.action, decision.reason ?? null, decision.note]
				}
			]).catch((error: { code?: string }) => {
				if (error.code === 'P0002') throw new RefusalError(404, 'problem.itemNotFound');
				return discussionRefusal(error);
			});
		}
	};
}
