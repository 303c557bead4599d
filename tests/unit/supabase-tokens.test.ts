import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { supabaseTokenVerifier } from '../../src/lib/server/auth/supabase-tokens.ts';

const URL_ = 'https://progetto.supabase.co';
const ISSUER = `${URL_}/auth/v1`;
const SECRET = 'segreto-condiviso-di-prova-lungo-almeno-32-caratteri';
const USER = '6f1c1d0e-3a53-4a4e-9b53-0c4e2d8f9a11';

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let verify: ReturnType<typeof supabaseTokenVerifier>;

beforeAll(async () => {
	keys = await generateKeyPair('ES256');
	const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'chiave-1', alg: 'ES256' };
	verify = supabaseTokenVerifier({
		url: URL_,
		jwtSecret: SECRET,
		jwks: createLocalJWKSet({ keys: [jwk] })
	});
});

const token = (options: { expires?: number | string; audience?: string; issuer?: string } = {}) =>
	new SignJWT({ email: 'anna@example.org', role: 'authenticated' })
		.setProtectedHeader({ alg: 'ES256', kid: 'chiave-1' })
		.setSubject(USER)
		.setIssuer(options.issuer ?? ISSUER)
		.setAudience(options.audience ?? 'authenticated')
		.setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
		.setExpirationTime(options.expires ?? '1h')
		.sign(keys.privateKey);

/** A token of a project still on the shared secret. */
const legacyToken = () =>
	new SignJWT({})
		.setProtectedHeader({ alg: 'HS256' })
		.setSubject(USER)
		.setIssuer(ISSUER)
		.setAudience('authenticated')
		.setExpirationTime('1h')
		.sign(new TextEncoder().encode(SECRET));

describe('supabaseTokenVerifier', () => {
	it('accepts a token signed with the project’s published key', async () => {
		expect(await verify(await token())).toMatchObject({ sub: USER, email: 'anna@example.org' });
	});

	it('accepts a token of a project on the legacy HS256 secret', async () => {
		const legacy = await legacyToken();
		expect((await verify(legacy))?.sub).toBe(USER);
	});

	it('refuses an expired token', async () => {
		expect(await verify(await token({ expires: Math.floor(Date.now() / 1000) - 60 }))).toBeNull();
	});

	it('refuses another project’s token (issuer) and a non-user token (audience)', async () => {
		const other = await token({ issuer: 'https://altro.supabase.co/auth/v1' });
		expect(await verify(other)).toBeNull();
		expect(await verify(await token({ audience: 'anon' }))).toBeNull();
	});

	it('refuses a tampered token and an unsigned one', async () => {
		const [header, payload, signature] = (await token()).split('.');
		const forged = Buffer.from(
			JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'altro' })
		).toString('base64url');
		expect(await verify(`${header}.${forged}.${signature}`)).toBeNull();
		const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
		expect(await verify(`${none}.${payload}.`)).toBeNull();
		expect(await verify('non-un-token')).toBeNull();
	});

	it('refuses an HS256 token when the project has no shared secret configured', async () => {
		const noSecret = supabaseTokenVerifier({ url: URL_, jwks: async () => keys.publicKey });
		const legacy = await legacyToken();
		expect(await noSecret(legacy)).toBeNull();
	});
});
