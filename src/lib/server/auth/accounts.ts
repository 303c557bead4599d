import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/engine.ts';
import { hasNoNul } from '../../text.ts';
import { ROLES } from '../../types.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export { ROLES };

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

/** Who a new member is; messages are message keys (the admin page and the CLI translate them). */
export const newMemberSchema = z.object({
	email: z
		.email({ error: 'problem.email' })
		.max(254, 'problem.tooLong')
		.transform((e) => e.toLowerCase()),
	display_name: z
		.string({ error: 'problem.missing' })
		.trim()
		.min(1, 'problem.empty')
		.max(120, 'problem.tooLong')
		.refine(hasNoNul, 'problem.nul'),
	organisation: z
		.string({ error: 'problem.text' })
		.trim()
		.max(200, 'problem.tooLong')
		.refine(hasNoNul, 'problem.nul')
		.nullable()
		.default(null)
		// An empty field of a form means no organisation.
		.transform((o) => o || null),
	role: z.enum(ROLES, { error: 'problem.role' }).default('stakeholder')
});
export type NewMember = z.output<typeof newMemberSchema>;

/** A local password: long rather than complicated (NIST SP 800-63B), and within scrypt's input. */
export const passwordSchema = z
	.string({ error: 'problem.missing' })
	.min(12, 'problem.passwordTooShort')
	.max(200, 'problem.tooLong');

export const newAccountSchema = newMemberSchema.extend({ password: passwordSchema });

let dummy: Promise<string> | undefined;
const dummyHash = {
	then<T>(resolve: (hash: string) => T) {
		dummy ??= hashPassword(randomBytes(16).toString('hex'));
		return dummy.then(resolve);
	}
};

/** Sessions last two weeks; signing in again starts a new one. */
export const SESSION_DAYS = 14;
/** What is stored of a token given to a browser or a person (sessions, set-password links). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

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

/**
 * The member a token leads to while it is valid: a session's, or a set-password link's. Both
 * tables keep only the token's hash and its expiry.
 */
export async function memberOfToken(
	db: Queryable,
	table: 'local_session' | 'account_invitation',
	token: string
): Promise<Member | null> {
	const [member] = await db.query<Member>(
		`select m.user_id, m.email, m.display_name, m.organisation, m.role
		 from public.${table} t join public.member m on m.user_id = t.user_id
		 where t.token_hash = $1 and t.expires_at > now()`,
		[tokenHash(token)]
	);
	return member ?? null;
}

export const memberOfSession = (db: Queryable, token: string) =>
	memberOfToken(db, 'local_session', token);

/** The member a Supabase Auth user is (their role in the plan), or null if they have none. */
export async function memberOfUser(db: Queryable, userId: string): Promise<Member | null> {
	const [member] = await db.query<Member>(
		`select user_id, email, display_name, organisation, role from public.member where user_id = $1`,
		[userId]
	);
	return member ?? null;
}

/** What the atlas reads of a Supabase Auth user (GoTrue's /user answer). */
export interface SupabaseUser {
	id: string;
	email?: string | null;
	email_confirmed_at?: string | null;
	is_anonymous?: boolean;
	/** What the person typed when signing up: their own to change, so never a role. */
	user_metadata?: Record<string, unknown>;
}

/** A Supabase Auth user who proved their email address (anonymous sign-ins never do). */
export const hasConfirmedEmail = (user: SupabaseUser): boolean =>
	Boolean(user.email && user.email_confirmed_at && !user.is_anonymous);

const signUpNames = z.object({
	display_name: newMemberSchema.shape.display_name.catch(''),
	organisation: newMemberSchema.shape.organisation.catch(null)
});

/**
 * Self-registration (Supabase mode): a user who confirmed their email and signs in for the first
 * time becomes a member as a stakeholder, named as they wrote at sign-up; other roles are given
 * by an admin. The member they already are, or null if they have not confirmed their email or
 * the email belongs to another member.
 */
export async function enrolConfirmedUser(
	db: Queryable,
	user: SupabaseUser
): Promise<Member | null> {
	const known = await memberOfUser(db, user.id);
	if (known || !hasConfirmedEmail(user)) return known;
	const email = user.email!.toLowerCase();
	const names = signUpNames.parse(user.user_metadata ?? {});
	const [member] = await db.query<Member>(
		`insert into public.member (user_id, email, display_name, organisation, role)
		 values ($1, $2, $3, $4, 'stakeholder') on conflict do nothing
		 returning user_id, email, display_name, organisation, role`,
		[user.id, email, names.display_name || email.split('@')[0].slice(0, 120), names.organisation]
	);
	// Nothing inserted: the same user enrolled meanwhile (theirs), or the email is another member's.
	return member ?? memberOfUser(db, user.id);
}

export async function endSession(db: Queryable, token: string): Promise<void> {
	await db.query('delete from public.local_session where token_hash = $1', [tokenHash(token)]);
}

/** Why a role could not be given (said on the command line, in Italian like the rest of it). */
export class GrantError extends Error {}

const grantSchema = z.object({
	email: z
		.email()
		.max(254)
		.transform((e) => e.toLowerCase()),
	role: z.enum(ROLES),
	display_name: z.string().trim().min(1).max(120).optional(),
	organisation: z.string().trim().max(200).optional()
});

/**
 * Gives a role: changes an existing member's, or makes a Supabase Auth user (auth.users, present
 * on Supabase only) a member. Runs as the database owner, from the command line.
 */
export async function grantRole(
	db: Queryable,
	input: z.input<typeof grantSchema>
): Promise<Member> {
	const grant = grantSchema.parse(input);
	const [updated] = await db.query<Member>(
		`update public.member set role = $2,
			display_name = coalesce($3, display_name), organisation = coalesce($4, organisation)
		 where email = $1 returning user_id, email, display_name, organisation, role`,
		[grant.email, grant.role, grant.display_name ?? null, grant.organisation ?? null]
	);
	if (updated) return updated;
	const [users] = await db.query<{ present: boolean }>(
		`select to_regclass('auth.users') is not null as present`
	);
	if (!users.present)
		throw new GrantError(
			`Nessun membro con email ${grant.email}: in modalità locale crealo con "user add".`
		);
	const [user] = await db.query<{ id: string }>(
		'select id::text as id from auth.users where lower(email) = $1',
		[grant.email]
	);
	if (!user)
		throw new GrantError(
			`Nessun utente Supabase con email ${grant.email}: deve prima registrarsi (o essere invitato).`
		);
	const [member] = await db.query<Member>(
		`insert into public.member (user_id, email, display_name, organisation, role)
		 values ($1, $2, $3, $4, $5) returning user_id, email, display_name, organisation, role`,
		[
			user.id,
			grant.email,
			grant.display_name ?? grant.email,
			grant.organisation ?? null,
			grant.role
		]
	);
	return member;
}
