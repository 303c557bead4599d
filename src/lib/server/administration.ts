import { z } from 'zod';
import type { Member, Role } from './auth/accounts.ts';
import { ROLES } from './auth/accounts.ts';
import type { Database, Queryable } from './db/engine.ts';
import { asIdentity, type Identity } from './db/identity.ts';
import { RefusalError } from './refusal.ts';

/** A name of an ambito or a guideline, in Italian and English. */
export const referenceNamesSchema = z.object({
	name_it: z
		.string({ error: 'problem.missing' })
		.trim()
		.min(1, 'problem.empty')
		.max(200, 'problem.tooLong'),
	name_en: z
		.string({ error: 'problem.missing' })
		.trim()
		.min(1, 'problem.empty')
		.max(200, 'problem.tooLong')
});
export type ReferenceNames = z.infer<typeof referenceNamesSchema>;

export const roleSchema = z.enum(ROLES, { error: 'problem.role' });

/**
 * What admins do: give members their role in the plan, and name the plan's ambiti and guidelines.
 * Row-level security allows it to admins only; these functions say so first, in words.
 */
export function administration(db: Database) {
	const asAdmin = async <T>(identity: Identity, work: (tx: Queryable) => Promise<T>) => {
		if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
		return asIdentity(db, identity, async (tx) => {
			const [me] = await tx.query<{ role: string | null }>(`select public.atlas_role() as role`);
			if (me.role !== 'admin') throw new RefusalError(403, 'problem.notAllowed');
			return work(tx);
		});
	};

	return {
		listMembers(identity: Identity): Promise<Member[]> {
			return asAdmin(identity, (tx) =>
				tx.query<Member>(
					`select user_id, email, display_name, organisation, role from public.member
					 order by display_name, email`
				)
			);
		},

		/** Changes a member's role; the last admin cannot stop being one (nobody could undo it). */
		setRole(identity: Identity, userId: string, role: Role): Promise<void> {
			return asAdmin(identity, async (tx) => {
				// Two admins demoting each other at once must not both pass the count below.
				await tx.query(`select user_id from public.member where role = 'admin' for update`);
				const [current] = await tx.query<{ role: string; admins: number }>(
					`select role, (select count(*)::int4 from public.member where role = 'admin') as admins
					 from public.member where user_id = $1`,
					[userId]
				);
				if (!current) throw new RefusalError(404, 'problem.memberNotFound');
				if (current.role === 'admin' && role !== 'admin' && current.admins <= 1)
					throw new RefusalError(400, 'problem.lastAdmin');
				await tx.query('update public.member set role = $2 where user_id = $1', [userId, role]);
			});
		},

		/** Renames an ambito (1–8) or a guideline (1–6); their codes are the protocol's. */
		rename(
			identity: Identity,
			table: 'ambito' | 'guideline',
			code: number,
			names: ReferenceNames
		): Promise<void> {
			return asAdmin(identity, async (tx) => {
				const rows = await tx.query(
					`update public.${table === 'ambito' ? 'ambito' : 'guideline'}
					 set name_it = $2, name_en = $3 where code = $1 returning code`,
					[code, names.name_it, names.name_en]
				);
				if (!rows.length) throw new RefusalError(404, 'problem.referenceNotFound');
			});
		}
	};
}
