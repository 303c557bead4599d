import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	enrolConfirmedUser,
	memberOfUser,
	type SupabaseUser
} from '../../src/lib/server/auth/accounts.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

// Supabase mode: who signed up and confirmed their email becomes a stakeholder at their first
// sign-in (/accedi/sessione asks Supabase Auth for the user, then calls enrolConfirmedUser).
describe.each(ENGINES)('self-registration in Supabase mode, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let people: Record<string, string>;
	const confirmed = (email: string, user_metadata: Record<string, unknown> = {}): SupabaseUser => ({
		id: randomUUID(),
		email,
		email_confirmed_at: '2026-12-01T10:00:00Z',
		is_anonymous: false,
		user_metadata
	});
	const members = async () =>
		(await db.query<{ n: number }>('select count(*)::int4 as n from public.member'))[0].n;

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		people = await addMembers(db, [['rita', 'Rita Revisori', 'reviewer']]);
	});
	afterAll(async () => drop?.());

	it('a confirmed user becomes a stakeholder named as at sign-up, never with a role they ask for', async () => {
		const user = confirmed('Giulia.Nuova@Example.org', {
			display_name: '  Giulia Nuova ',
			organisation: 'Associazione Via Francigena',
			role: 'admin'
		});
		expect(await enrolConfirmedUser(db, user)).toEqual({
			user_id: user.id,
			email: 'giulia.nuova@example.org',
			display_name: 'Giulia Nuova',
			organisation: 'Associazione Via Francigena',
			role: 'stakeholder'
		});
		// Signing in again finds the same member.
		expect(await enrolConfirmedUser(db, user)).toMatchObject({ user_id: user.id });
	});

	it('an unconfirmed or anonymous user does not become a member', async () => {
		const before = await members();
		const unconfirmed = { ...confirmed('attesa@example.org'), email_confirmed_at: null };
		const anonymous = { ...confirmed('anonimo@example.org'), is_anonymous: true };
		const withoutEmail = { ...confirmed('x@example.org'), email: null };
		for (const user of [unconfirmed, anonymous, withoutEmail]) {
			expect(await enrolConfirmedUser(db, user)).toBeNull();
			expect(await memberOfUser(db, user.id)).toBeNull();
		}
		expect(await members()).toBe(before);
	});

	it('a member keeps the role an admin gave; another member’s email is not taken over', async () => {
		const rita = { ...confirmed('rita@example.org'), id: people.rita };
		expect(await enrolConfirmedUser(db, rita)).toMatchObject({ role: 'reviewer' });
		const before = await members();
		expect(await enrolConfirmedUser(db, confirmed('RITA@example.org'))).toBeNull();
		expect(await members()).toBe(before);
	});

	it('a missing or unusable name falls back to the email’s first part', async () => {
		for (const [email, metadata] of [
			['senzanome@example.org', {}],
			['nomelungo@example.org', { display_name: 'x'.repeat(500), organisation: 7 }],
			['nul@example.org', { display_name: 'a\u0000b' }]
		] as const) {
			const member = await enrolConfirmedUser(db, confirmed(email, metadata));
			expect(member).toMatchObject({
				display_name: email.split('@')[0],
				organisation: null,
				role: 'stakeholder'
			});
		}
	});
});
