import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { administration, type IssuedInvitation } from '../../src/lib/server/administration.ts';
import {
	checkLocalPassword,
	memberOfSession,
	newMemberSchema
} from '../../src/lib/server/auth/accounts.ts';
import {
	INVITATION_DAYS,
	INVITATION_TOKEN,
	memberOfInvitation,
	setPasswordWithInvitation
} from '../../src/lib/server/auth/invitations.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

const PASSWORD = 'una frase lunga abbastanza';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(ENGINES)('accounts made by an admin with a set-password link, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let people: Record<string, string>;

	const as = (who: string | null) => (who ? { userId: people[who] } : null);
	const admin = () => administration(db);
	/** What a call answers: 'done', or the refusal's status and message key. */
	const outcome = (work: Promise<unknown>) =>
		work.then(
			() => 'done',
			(error: { status?: number; key?: string }) => `${error.status} ${error.key}`
		);
	const count = async (table: string) =>
		(await db.query<{ n: number }>(`select count(*)::int4 as n from public.${table}`))[0].n;
	/** As the admin page's form sends it (the email in any case). */
	const newAccount = (email: string, role: 'stakeholder' | 'planner' = 'stakeholder') =>
		admin().createAccount(
			as('ada'),
			newMemberSchema.parse({
				email,
				display_name: `Persona ${email.split('@')[0]}`,
				organisation: 'Comune di Capannori',
				role
			})
		);

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		people = await addMembers(db, [
			['ada', 'Ada Admin', 'admin'],
			['rita', 'Rita Revisori', 'reviewer'],
			['pia', 'Pia Portatrice', 'stakeholder']
		]);
	});
	afterAll(async () => drop?.());

	it('an admin creates a member without a password; only the hash of the link is stored', async () => {
		const issued = await newAccount('nuova@example.org', 'planner');
		expect(issued.token).toMatch(INVITATION_TOKEN);
		const [row] = await db.query<{ token_hash: string; created_by: string; days: number }>(
			`select token_hash, created_by::text,
				extract(epoch from expires_at - created_at)::float8 / 86400 as days
			 from public.account_invitation where user_id = $1`,
			[issued.user_id]
		);
		expect(row.token_hash).toBe(sha256(issued.token));
		expect(row.created_by).toBe(people.ada);
		expect(row.days).toBeCloseTo(INVITATION_DAYS, 3);
		expect(Date.parse(issued.expires_at) - Date.now()).toBeGreaterThan(
			(INVITATION_DAYS * 24 - 1) * 3600e3
		);
		// The token itself is nowhere in the database.
		const [{ anywhere }] = await db.query<{ anywhere: number }>(
			`select count(*)::int4 as anywhere from public.account_invitation i
			 where row_to_json(i)::text like '%' || $1 || '%'`,
			[issued.token]
		);
		expect(anywhere).toBe(0);
		const [{ has_password }] = await db.query<{ has_password: boolean }>(
			'select exists (select 1 from public.local_account where user_id = $1) as has_password',
			[issued.user_id]
		);
		expect(has_password).toBe(false);
		expect(await checkLocalPassword(db, 'nuova@example.org', '')).toBeNull();
		expect(await memberOfInvitation(db, issued.token)).toMatchObject({
			email: 'nuova@example.org',
			role: 'planner',
			organisation: 'Comune di Capannori'
		});
	});

	it('the link sets the password and signs the person in, once', async () => {
		const issued = await newAccount('unavolta@example.org');
		const done = await setPasswordWithInvitation(db, issued.token, PASSWORD);
		expect(done?.member).toMatchObject({ email: 'unavolta@example.org', role: 'stakeholder' });
		expect(await memberOfSession(db, done!.session)).toMatchObject({ user_id: issued.user_id });
		expect(await checkLocalPassword(db, 'unavolta@example.org', PASSWORD)).not.toBeNull();
		// Used: it neither opens nor changes anything any more.
		expect(await memberOfInvitation(db, issued.token)).toBeNull();
		expect(await setPasswordWithInvitation(db, issued.token, 'un’altra frase lunga')).toBeNull();
		expect(await checkLocalPassword(db, 'unavolta@example.org', 'un’altra frase lunga')).toBeNull();
		expect(await checkLocalPassword(db, 'unavolta@example.org', PASSWORD)).not.toBeNull();
	});

	it('of two uses of the same link at once, only one succeeds', async () => {
		const issued = await newAccount('doppio@example.org');
		const results = await Promise.all([
			setPasswordWithInvitation(db, issued.token, 'prima frase abbastanza lunga'),
			setPasswordWithInvitation(db, issued.token, 'seconda frase abbastanza lunga')
		]);
		expect(results.filter(Boolean)).toHaveLength(1);
		const sessions = await db.query('select 1 from public.local_session where user_id = $1', [
			issued.user_id
		]);
		expect(sessions).toHaveLength(1);
	});

	it('an expired link opens nothing and sets no password', async () => {
		const issued = await newAccount('scaduto@example.org');
		await db.query(
			`update public.account_invitation set expires_at = now() - interval '1 second'
			 where user_id = $1`,
			[issued.user_id]
		);
		expect(await memberOfInvitation(db, issued.token)).toBeNull();
		expect(await setPasswordWithInvitation(db, issued.token, PASSWORD)).toBeNull();
		expect(await checkLocalPassword(db, 'scaduto@example.org', PASSWORD)).toBeNull();
	});

	it('a new link replaces the previous one; the old password works until the new link is used', async () => {
		const first = await newAccount('reimposta@example.org');
		const signedIn = await setPasswordWithInvitation(db, first.token, PASSWORD);
		const second = await admin().newInvitation(as('ada'), first.user_id);
		const third = await admin().newInvitation(as('ada'), first.user_id);
		expect(await memberOfInvitation(db, second.token)).toBeNull();
		expect(
			await setPasswordWithInvitation(db, second.token, 'frase sostituita e lunga')
		).toBeNull();
		expect(await checkLocalPassword(db, 'reimposta@example.org', PASSWORD)).not.toBeNull();
		expect(
			await db.query('select 1 from public.account_invitation where user_id = $1', [first.user_id])
		).toHaveLength(1);
		const reset = await setPasswordWithInvitation(db, third.token, 'frase nuova dopo la perdita');
		expect(reset).not.toBeNull();
		expect(await checkLocalPassword(db, 'reimposta@example.org', PASSWORD)).toBeNull();
		// The sessions before the reset end (the old password may have leaked); the new one works.
		expect(await memberOfSession(db, signedIn!.session)).toBeNull();
		expect(await memberOfSession(db, reset!.session)).not.toBeNull();
		expect(await outcome(admin().newInvitation(as('ada'), crypto.randomUUID()))).toBe(
			'404 problem.memberNotFound'
		);
	});

	it('only admins create accounts and links, and a refusal changes nothing', async () => {
		const members = await count('member');
		const links = await count('account_invitation');
		for (const who of ['rita', 'pia']) {
			expect(
				await outcome(
					administration(db).createAccount(as(who), {
						email: `da-${who}@example.org`,
						display_name: 'Nessuno',
						organisation: null,
						role: 'admin'
					})
				)
			).toBe('403 problem.notAllowed');
			expect(await outcome(admin().newInvitation(as(who), people.pia))).toBe(
				'403 problem.notAllowed'
			);
		}
		expect(await outcome(admin().newInvitation(null, people.pia))).toBe('401 problem.signInNeeded');
		// The database refuses too, whoever calls it past the server (Supabase's REST API).
		await expect(
			asIdentity(db, as('rita'), (tx) =>
				tx.query(`select public.issue_account_invitation($1, $2, interval '7 days')`, [
					people.pia,
					sha256('scelto da chi non può')
				])
			)
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			asIdentity(db, null, (tx) =>
				tx.query(`select public.issue_account_invitation($1, $2, interval '7 days')`, [
					people.pia,
					sha256('anonimo')
				])
			)
		).rejects.toMatchObject({ code: '42501' });
		expect(await count('member')).toBe(members);
		expect(await count('account_invitation')).toBe(links);
	});

	it('a taken email is refused, whatever its case, and nothing is created', async () => {
		const members = await count('member');
		const links = await count('account_invitation');
		for (const email of ['pia@example.org', 'NUOVA@Example.org'])
			expect(await outcome(newAccount(email))).toBe('409 problem.emailTaken');
		expect(await count('member')).toBe(members);
		expect(await count('account_invitation')).toBe(links);
	});

	it('the API roles cannot read or write the links, nor see who has a password', async () => {
		for (const who of [null, 'pia', 'ada']) {
			for (const statement of [
				'select * from public.account_invitation',
				`insert into public.account_invitation (user_id, token_hash, expires_at)
				 values ('${people.pia}', '${sha256('x')}', now() + interval '1 day')`,
				'delete from public.account_invitation'
			])
				await expect(
					asIdentity(db, as(who), (tx) => tx.query(statement)),
					`${who ?? 'anon'}: ${statement}`
				).rejects.toMatchObject({ code: '42501' });
		}
		await expect(
			asIdentity(db, null, (tx) => tx.query('select * from public.member_sign_in_state()'))
		).rejects.toMatchObject({ code: '42501' });
		const seen = await asIdentity(db, as('rita'), (tx) =>
			tx.query('select * from public.member_sign_in_state()')
		);
		expect(seen).toEqual([]);
	});

	it('admins see who chose a password and until when a pending link works', async () => {
		const issued: IssuedInvitation = await newAccount('inattesa@example.org');
		const listed = await admin().listMembers(as('ada'));
		const pending = listed.find((m) => m.email === 'inattesa@example.org');
		expect(pending).toMatchObject({ has_password: false, link_expires_at: issued.expires_at });
		expect(listed.find((m) => m.email === 'unavolta@example.org')).toMatchObject({
			has_password: true,
			link_expires_at: null
		});
	});
});
