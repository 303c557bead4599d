import type { InterventionEdit } from '../intervention-edit.ts';
import type { Database } from './db/engine.ts';
import { asIdentity, type Identity } from './db/identity.ts';
import { setActor } from './db/save-intervention.ts';
import { RefusalError } from './refusal.ts';

/** What the edit form starts from: the editable fields and the version they were read at. */
export interface EditableIntervention {
	id: string;
	code: string;
	origin: 'seed' | 'import' | 'proposal';
	cup: string | null;
	title_it: string | null;
	description_it: string | null;
	status: string | null;
	status_source: string | null;
	cost_eur: number | null;
	cost_source: string | null;
	start_date: string | null;
	end_date: string | null;
	lead_body: string | null;
	actors: string[];
	version: string;
}

// The row's last change to the microsecond: the version a save must still match.
const VERSION = `(extract(epoch from i.updated_at) * 1000000)::bigint::text`;

/**
 * The cabina di regia's edits of interventions. Row-level security decides who may write (a
 * reviewer or an admin); the history trigger records each change under the member's name.
 */
export function interventionEdits(db: Database) {
	return {
		async getEditable(id: string): Promise<EditableIntervention | null> {
			const [row] = await db.query<EditableIntervention & { cost_eur: string | null }>(
				`select i.id, i.code, i.origin, i.cup, i.title_it, i.description_it, i.status, i.status_source,
					i.cost_eur, i.cost_source, i.start_date, i.end_date, i.lead_body, i.actors, ${VERSION} as version
				 from public.intervention i where i.id = $1`,
				[id]
			);
			return row ? { ...row, cost_eur: row.cost_eur === null ? null : Number(row.cost_eur) } : null;
		},

		/**
		 * Saves an edit made on the version `edit.version`. Refused: to anyone but a reviewer (403),
		 * for an intervention built from the atlas's own sources (corrected in geodata/), and when
		 * someone saved in between (409). A refusal changes nothing.
		 */
		async editIntervention(identity: Identity, id: string, edit: InterventionEdit) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				const [who] = await tx.query<{ reviewer: boolean; name: string | null }>(
					`select public.is_reviewer() as reviewer, public.member_name(auth.uid()) as name`
				);
				if (!who.reviewer) throw new RefusalError(403, 'problem.notAllowed');
				const [current] = await tx.query<{ origin: string; cup: string | null }>(
					`select origin, cup from public.intervention where id = $1`,
					[id]
				);
				if (!current) throw new RefusalError(404, 'problem.interventionNotFound');
				if (current.origin === 'seed') throw new RefusalError(400, 'problem.seedEdit', { id });
				if (!edit.title_it && !current.cup)
					throw new RefusalError(400, 'problem.field', {
						field: 'title_it',
						problem: 'problem.titleMissing'
					});
				await setActor(tx, who.name ?? identity.userId);
				const rows = await tx.query<{ version: string }>(
					`update public.intervention i set title_it = $2, description_it = $3, status = $4,
						status_source = $5, cost_eur = $6, cost_source = $7, start_date = $8, end_date = $9,
						lead_body = $10, actors = $11
					 where i.id = $1 and ${VERSION} = $12
					 returning ${VERSION} as version`,
					[
						id,
						edit.title_it,
						edit.description_it,
						edit.status,
						edit.status_source,
						edit.cost_eur,
						edit.cost_source,
						edit.start_date,
						edit.end_date,
						edit.lead_body,
						edit.actors,
						edit.version
					]
				);
				if (!rows.length) throw new RefusalError(409, 'problem.interventionConflict');
				return { id, version: rows[0].version };
			});
		}
	};
}
