import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/engine.ts';
import { createSession, memberOfToken, memberOfUser, tokenHash, type Member } from './accounts.ts';
import { hashPassword } from './passwords.ts';

/**
 * One-time links to choose a local password (embedded mode), made by an admin
 * (administration.ts) and used here by the person, who is not signed in yet: the server reads
 * and consumes them as the table's owner, as it does local accounts and sessions.
 */

/** How long a link is valid: long enough to be read after a weekend away. */
export const INVITATION_DAYS = 7;

/** A link's path, with its token. */
export const invitationPath = (token: string) => `/accedi/imposta-password/${token}`;

/** The shape of a token (32 random bytes, base64url): anything else is not a link of the atlas. */
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new token, for the link, and its hash, for the database. */
export function newInvitationToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: tokenHash(token) };
}

/** Whom a valid link is for; null for an unknown, used, replaced or expired one. */
export const memberOfInvitation = (db: Queryable, token: string) =>
	memberOfToken(db, 'account_invitation', token);

/**
 * Uses a link: the member's local password becomes `password`, their other sessions end (a link
 * may be a reset after a lost or leaked password) and a new session starts. The link's row is
 * deleted in the same transaction, so of two uses at once only one succeeds. Null, and nothing
 * changed, when the link is not (or no longer) valid.
 */
export async function setPasswordWithInvitation(
	db: Database,
	token: string,
	password: string
): Promise<{ member: Member; session: string } | null> {
	// Checked first: scrypt's cost (128 MB, ~0.2 s) is paid only for a link that works.
	if (!(await memberOfInvitation(db, token))) return null;
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const [used] = await tx.query<{ user_id: string }>(
			`delete from public.account_invitation where token_hash = $1 and expires_at > now()
			 returning user_id`,
			[tokenHash(token)]
		);
		if (!used) return null;
		await tx.query(
			`insert into public.local_account (user_id, password_hash) values ($1, $2)
			 on conflict (user_id) do update set password_hash = excluded.password_hash`,
			[used.user_id, passwordHash]
		);
		await tx.query('delete from public.local_session where user_id = $1', [used.user_id]);
		const session = await createSession(tx, used.user_id);
		return { member: (await memberOfUser(tx, used.user_id))!, session };
	});
}
