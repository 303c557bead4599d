// A stand-in for Supabase Auth (GoTrue) on loopback, for the Supabase-mode journey: the few
// endpoints supabase-js calls (password grant, refresh grant, magic link, user) and the project's
// published signing key. Tokens are real ES256 JWTs, so the atlas verifies them as it would
// Supabase's. Test-only: it knows one user and one password.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';

export interface FakeSupabaseAuth {
	url: string;
	user: { id: string; email: string };
	/** A session as Supabase would return it, for the magic-link landing page. */
	session(): Promise<{ access_token: string; refresh_token: string; expires_in: number }>;
	close(): Promise<void>;
}

export async function startFakeSupabaseAuth(options: {
	port: number;
	email: string;
	password: string;
	userId?: string;
}): Promise<FakeSupabaseAuth> {
	const url = `http://127.0.0.1:${options.port}`;
	const issuer = `${url}/auth/v1`;
	const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
	const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'ES256', use: 'sig' };
	const user = {
		id: options.userId ?? randomUUID(),
		email: options.email,
		aud: 'authenticated',
		role: 'authenticated',
		app_metadata: { provider: 'email' },
		user_metadata: {},
		created_at: new Date().toISOString()
	};
	const refreshTokens = new Set<string>();

	const accessToken = (key: CryptoKey) =>
		new SignJWT({ email: user.email, role: 'authenticated', session_id: randomUUID() })
			.setProtectedHeader({ alg: 'ES256', kid: 'fake-1', typ: 'JWT' })
			.setSubject(user.id)
			.setIssuer(issuer)
			.setAudience('authenticated')
			.setIssuedAt()
			.setExpirationTime('1h')
			.sign(key);
	const session = async () => {
		const refresh = randomBytes(16).toString('hex');
		refreshTokens.add(refresh);
		return {
			access_token: await accessToken(privateKey),
			token_type: 'bearer',
			expires_in: 3600,
			expires_at: Math.floor(Date.now() / 1000) + 3600,
			refresh_token: refresh,
			user
		};
	};

	const server: Server = createServer(async (req, res) => {
		const send = (status: number, body: unknown) => {
			res.writeHead(status, {
				'content-type': 'application/json',
				'access-control-allow-origin': '*',
				'access-control-allow-headers': '*',
				'access-control-allow-methods': 'GET, POST, OPTIONS'
			});
			res.end(JSON.stringify(body));
		};
		if (req.method === 'OPTIONS') return send(204, {});
		let raw = '';
		for await (const chunk of req) raw += chunk;
		const body = raw ? JSON.parse(raw) : {};
		const path = new URL(req.url ?? '/', url);
		if (path.pathname === '/auth/v1/.well-known/jwks.json') return send(200, { keys: [jwk] });
		if (path.pathname === '/auth/v1/token' && path.searchParams.get('grant_type') === 'password') {
			if (body.email !== options.email || body.password !== options.password)
				return send(400, {
					code: 400,
					error_code: 'invalid_credentials',
					msg: 'Invalid login credentials'
				});
			return send(200, await session());
		}
		if (
			path.pathname === '/auth/v1/token' &&
			path.searchParams.get('grant_type') === 'refresh_token'
		) {
			if (!refreshTokens.delete(body.refresh_token))
				return send(400, { code: 400, error_code: 'refresh_token_not_found', msg: 'Invalid' });
			return send(200, await session());
		}
		if (path.pathname === '/auth/v1/otp') return send(200, {});
		if (path.pathname === '/auth/v1/user') {
			const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			try {
				await jwtVerify(token, publicKey, { issuer });
				return send(200, user);
			} catch {
				return send(401, { code: 401, msg: 'invalid JWT' });
			}
		}
		send(404, { code: 404, msg: 'not found' });
	});
	await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
	return {
		url,
		user: { id: user.id, email: user.email },
		session,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
