import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/engine.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const ROLES = ['stakeholder', 'planner', 'reviewer', 'admin'] as const;

/** The session cookie of the embedded mode: an opaque token, its hash stored in the database. */
export const SESSION_COOKIE = 'atlas_session';
export type Role = (typeof ROLES)[number];

export interface Member {
	user_id: string;
	email: string;
	display_name: string;
	organisation: string | null;
	role: Role;
}

export const newAccountSchema = z.object({
	email: z
		.email()
		.max(254)
		.transform((e) => e.toLowerCase()),
	display_name: z.string().trim().min(1).max(120),
	organisation: z.string().trim().max(200).nullable().default(null),
	role: z.enum(ROLES),
	password: z.string().min(12, 'at least 12 characters').max(200)
});

let dummy: Promise<string> | undefined;
const dummyHash = {
	then<T>(resolve: (hash: string) => T) {
		dummy ??= hashPassword(randomBytes(16).toString('hex'));
		return dummy.then(resolve);
	}
};

/** Sessions last two weeks; signing in again starts a new one. */
const SESSION_DAYS = 14;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a member with a local password (embedded mode); the email must be new. */
export async function addLocalAccount(
	db: Queryable,
	input: z.input<typeof newAccountSchema>
): Promise<Member> {
	const account = newAccountSchema.parse(input);
	const userId = randomUUID();
	const passwordHash = await hashPassword(account.password);
	const [member] = await db.query<Member>(
		`insert into public.member (user_id, email, display_name, organisation, role)
		 values ($1, $2, $3, $4, $5) returning user_id, email, display_name, organisation, role`,
		[userId, account.email, account.display_name, account.organisation, account.role]
	);
	await db.query('insert into public.local_account (user_id, password_hash) values ($1, $2)', [
		userId,
		passwordHash
	]);
	return member;
}

/** The member whose email and password match, or null (same answer for an unknown email). */
export async function checkLocalPassword(
	db: Queryable,
	email: string,
	password: string
): Promise<Member | null> {
	const [row] = await db.query<Member & { password_hash: string }>(
		`select m.user_id, m.email, m.display_name, m.organisation, m.role, a.password_hash
		 from public.member m join public.local_account a on a.user_id = m.user_id
		 where m.email = lower($1)`,
		[email.trim()]
	);
	// Hash anyway for an unknown email, at the same cost, so timing does not tell which emails exist.
	const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
	if (!row || !ok) return null;
	const { password_hash: _hash, ...member } = row;
	return member;
}

/** A new session for `userId`; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Queryable, userId: string): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	await db.query(
		`insert into public.local_session (token_hash, user_id, expires_at)
		 values ($1, $2, now() + make_interval(days => $3))`,
		[tokenHash(token), userId, SESSION_DAYS]
	);
	return token;
}

export async function memberOfSession(db: Queryable, token: string): Promise<Member | null> {
	const [member] = await db.query<Member>(
		`select m.user_id, m.email, m.display_name, m.organisation, m.role
		 from public.local_session s join public.member m on m.user_id = s.user_id
		 where s.token_hash = $1 and s.expires_at > now()`,
		[tokenHash(token)]
	);
	return member ?? null;
}

export async function endSession(db: Queryable, token: string): Promise<void> {
	await db.query('delete from public.local_session where token_hash = $1', [tokenHash(token)]);
}
