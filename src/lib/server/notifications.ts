import type { Database } from './db/engine.ts';
import { asIdentity, batchAsIdentity, type Identity } from './db/identity.ts';
import { UTC } from './discussions.ts';
import { RefusalError } from './refusal.ts';

/** One line of a member's "novità": what happened, on which item, by whom. */
export interface NotificationLine {
	id: number;
	kind: 'comment' | 'support' | 'moderation' | 'status' | 'new_observation';
	/** The page the line leads to (a comment's item, for a moderated comment). */
	item_kind: 'observation' | 'proposal' | 'intervention';
	item_id: string;
	item_title: string | null;
	/** For a moderated comment: it was a comment (not the item itself). */
	about_comment: boolean;
	actor_name: string | null;
	created_at: string;
	read: boolean;
}

/** A comment's item, or the item itself: where a notification leads. */
const ITEM = `case when n.item_kind = 'comment' then k.item_kind else n.item_kind end`;
const ITEM_ID = `case when n.item_kind = 'comment' then k.item_id else n.item_id end`;

/** The "novità" of the signed-in member: what happened to their items, newest first. */
export function notificationQueries(db: Database) {
	return {
		list(identity: Identity, limit = 100): Promise<NotificationLine[]> {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				const rows = await tx.query<NotificationLine & { id: number }>(
					`select n.id::int4 as id, n.kind, ${ITEM} as item_kind, ${ITEM_ID} as item_id,
						n.item_kind = 'comment' as about_comment,
						coalesce(o.title, p.title, i.title_it, i.code) as item_title,
						public.member_name(n.actor_id) as actor_name, ${UTC('n.created_at')} as created_at,
						n.read_at is not null as read
					 from public.notification n
					 left join public.comment k on n.item_kind = 'comment' and k.id::text = n.item_id
					 left join public.observation o on ${ITEM} = 'observation' and o.id::text = ${ITEM_ID}
					 left join public.proposal p on ${ITEM} = 'proposal' and p.id::text = ${ITEM_ID}
					 left join public.intervention i on ${ITEM} = 'intervention' and i.id = ${ITEM_ID}
					 where n.member_id = auth.uid()
					 order by n.id desc limit $1`,
					[limit]
				);
				return rows.map((r) => ({ ...r, id: Number(r.id) }));
			});
		},

		async unread(identity: Identity): Promise<number> {
			if (!identity) return 0;
			const [{ n }] = await asIdentity(db, identity, (tx) =>
				tx.query<{ n: number }>(
					`select count(*)::int4 as n from public.notification
					 where member_id = auth.uid() and read_at is null`
				)
			);
			return Number(n);
		},

		async markAllRead(identity: Identity): Promise<void> {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			await batchAsIdentity(db, identity, [
				{
					text: `update public.notification set read_at = now()
					 where member_id = auth.uid() and read_at is null`,
					params: []
				}
			]);
		}
	};
}
