import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { Member, NewMember, Role } from './auth/accounts.ts';
import { ROLES } from './auth/accounts.ts';
import { INVITATION_DAYS, newInvitationToken } from './auth/invitations.ts';
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

/** A member as admins list them: with whether they chose a password, or until when their link works. */
export interface ListedMember extends Member {
	has_password: boolean;
	link_expires_at: string | null;
}

/** A set-password link just made: its token is shown to the admin once, and stored nowhere. */
export interface IssuedInvitation {
	user_id: string;
	email: string;
	display_name: string;
	token: string;
	expires_at: string;
}

const isoTime = (value: unknown) => new Date(value as string | Date).toISOString();

/** A new link for a member, replacing any previous one (the database allows it to admins only). */
async function issueInvitation(tx: Queryable, member: Member): Promise<IssuedInvitation> {
	const { token, hash } = newInvitationToken();
	const [issued] = await tx.query<{ expires_at: unknown }>(
		`select public.issue_account_invitation($1, $2, make_interval(days => $3)) as expires_at`,
		[member.user_id, hash, INVITATION_DAYS]
	);
	const { user_id, email, display_name } = member;
	return { user_id, email, display_name, token, expires_at: isoTime(issued.expires_at) };
}

const MEMBER_COLUMNS = 'user_id, email, display_name, organisation, role';

/**
 * What admins do: create accounts (with a link to choose the password), give members their role
 * in the plan, and name the plan's ambiti and guidelines.
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
		async listMembers(identity: Identity): Promise<ListedMember[]> {
			const rows = await asAdmin(identity, (tx) =>
				tx.query<Omit<ListedMember, 'link_expires_at'> & { link_expires_at: unknown }>(
					`select m.user_id, m.email, m.display_name, m.organisation, m.role,
						s.has_password, s.link_expires_at
					 from public.member m join public.member_sign_in_state() s on s.user_id = m.user_id
					 order by m.display_name, m.email`
				)
			);
			return rows.map((row) => ({
				...row,
				link_expires_at: row.link_expires_at === null ? null : isoTime(row.link_expires_at)
			}));
		},

		/**
		 * Creates a member without a password (embedded mode) and their set-password link. A taken
		 * email is refused and nothing is created.
		 */
		createAccount(identity: Identity, account: NewMember): Promise<IssuedInvitation> {
			return asAdmin(identity, async (tx) => {
				const [taken] = await tx.query('select 1 from public.member where email = $1', [
					account.email
				]);
				if (taken) throw new RefusalError(409, 'problem.emailTaken');
				const [member] = await tx
					.query<Member>(
						`insert into public.member (user_id, email, display_name, organisation, role)
						 values ($1, $2, $3, $4, $5) returning ${MEMBER_COLUMNS}`,
						[randomUUID(), account.email, account.display_name, account.organisation, account.role]
					)
					.catch((error: { code?: string }) => {
						// The same email added by another admin between the check and the insert.
						if (error.code === '23505') throw new RefusalError(409, 'problem.emailTaken');
						throw error;
					});
				return issueInvitation(tx, member);
			});
		},

		/** A new set-password link for a member: the previous one stops working. */
		newInvitation(identity: Identity, userId: string): Promise<IssuedInvitation> {
			return asAdmin(identity, async (tx) => {
				const [member] = await tx.query<Member>(
					`select ${MEMBER_COLUMNS} from public.member where user_id = $1`,
					[userId]
				);
				if (!member) throw new RefusalError(404, 'problem.memberNotFound');
				return issueInvitation(tx, member);
			});
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
