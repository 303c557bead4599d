import { randomUUID } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GrantError, grantRole } from '../../src/lib/server/auth/accounts.ts';
import {
	memberOfRequest,
	SUPABASE_ACCESS_COOKIE,
	type AuthMode
} from '../../src/lib/server/auth/current-member.ts';
import { supabaseTokenVerifier } from '../../src/lib/server/auth/supabase-tokens.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';

const PROJECT = 'https://progetto.supabase.co';

/** Cookies as SvelteKit hands them to the server, from a plain map. */
const cookiesOf = (values: Record<string, string>) =>
	({
		get: (name: string) => values[name],
		set: (name: string, value: string) => void (values[name] = value),
		delete: (name: string) => void delete values[name]
	}) as unknown as Cookies;

describe.each(ENGINES)('Supabase mode: verified tokens become members, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let mode: AuthMode;
	let sign: (sub: string) => Promise<string>;
	const lucia = randomUUID();

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		// What Supabase Auth owns on a real project: its users table.
		await db.query('create table if not exists auth.users (id uuid primary key, email text)');
		await db.query('insert into auth.users (id, email) values ($1, $2)', [
			lucia,
			'Lucia@Example.org'
		]);
		const keys = await generateKeyPair('ES256');
		const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' };
		mode = {
			kind: 'supabase',
			url: PROJECT,
			anonKey: 'chiave-pubblica-di-prova',
			verify: supabaseTokenVerifier({ url: PROJECT, jwks: createLocalJWKSet({ keys: [jwk] }) })
		};
		sign = (sub) =>
			new SignJWT({ role: 'authenticated' })
				.setProtectedHeader({ alg: 'ES256', kid: 'k1' })
				.setSubject(sub)
				.setIssuer(`${PROJECT}/auth/v1`)
				.setAudience('authenticated')
				.setExpirationTime('1h')
				.sign(keys.privateKey);
	});
	afterAll(async () => drop?.());

	it('a signed-in Supabase user without a role is anonymous until one is granted', async () => {
		const cookies = cookiesOf({ [SUPABASE_ACCESS_COOKIE]: await sign(lucia) });
		expect(await memberOfRequest(db, cookies, mode, true)).toBeNull();
		const granted = await grantRole(db, { email: 'lucia@example.org', role: 'reviewer' });
		expect(granted).toMatchObject({ user_id: lucia, role: 'reviewer' });
		expect(await memberOfRequest(db, cookies, mode, true)).toMatchObject({
			user_id: lucia,
			role: 'reviewer'
		});
	});

	it('the verified identity is the one row-level security sees', async () => {
		const [row] = await asIdentity(db, { userId: lucia }, (tx) =>
			tx.query<{ uid: string; role: string }>(
				'select auth.uid()::text as uid, public.atlas_role() as role'
			)
		);
		expect(row).toEqual({ uid: lucia, role: 'reviewer' });
	});

	it('a forged token is anonymous, and granting an unknown email changes nothing', async () => {
		const forged = (await sign(lucia)).slice(0, -4) + 'AAAA';
		expect(
			await memberOfRequest(db, cookiesOf({ [SUPABASE_ACCESS_COOKIE]: forged }), mode, true)
		).toBeNull();
		const before = (await db.query<{ n: number }>('select count(*)::int4 as n from member'))[0].n;
		await expect(grantRole(db, { email: 'nessuno@example.org', role: 'admin' })).rejects.toThrow(
			GrantError
		);
		const after = (await db.query<{ n: number }>('select count(*)::int4 as n from member'))[0].n;
		expect(after).toBe(before);
	});
});
