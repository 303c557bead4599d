// A stand-in for Supabase Auth (GoTrue) on loopback, for the Supabase-mode journey: the few
// endpoints supabase-js calls (sign-up and its email confirmation, password grant, refresh grant,
// magic link, user) and the project's published signing key. Tokens are real ES256 JWTs, so the
// atlas verifies them as it would Supabase's. Test-only: it knows one user at start, and the
// people who sign up; it sends no email, but tells the tests the confirmation link it would send
// (GET /__test/confirmation-link?email=…).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';

export interface FakeSupabaseAuth {
	url: string;
	user: { id: string; email: string };
	/** A session as Supabase would return it, for the magic-link landing page. */
	session(): Promise<{ access_token: string; refresh_token: string; expires_in: number }>;
	close(): Promise<void>;
}

interface FakeUser {
	id: string;
	email: string;
	password: string;
	email_confirmed_at: string | null;
	user_metadata: Record<string, unknown>;
	created_at: string;
	/** The token of the confirmation email's link, until it is used. */
	confirmation?: { token: string; redirectTo: string };
}

/** A user as GoTrue's API shows them. */
const publicUser = ({ password: _p, confirmation: _c, ...user }: FakeUser) => ({
	...user,
	confirmed_at: user.email_confirmed_at,
	aud: 'authenticated',
	role: 'authenticated',
	app_metadata: { provider: 'email', providers: ['email'] },
	identities: [],
	is_anonymous: false
});

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
	const now = () => new Date().toISOString();
	const users = new Map<string, FakeUser>();
	const first: FakeUser = {
		id: options.userId ?? randomUUID(),
		email: options.email,
		password: options.password,
		email_confirmed_at: now(),
		user_metadata: {},
		created_at: now()
	};
	users.set(first.email, first);
	const byId = (id: string) => [...users.values()].find((u) => u.id === id);
	/** Refresh tokens, each to its user's id. */
	const refreshTokens = new Map<string, string>();

	const session = async (user: FakeUser) => {
		const refresh = randomBytes(16).toString('hex');
		refreshTokens.set(refresh, user.id);
		const accessToken = await new SignJWT({
			email: user.email,
			role: 'authenticated',
			session_id: randomUUID(),
			user_metadata: user.user_metadata
		})
			.setProtectedHeader({ alg: 'ES256', kid: 'fake-1', typ: 'JWT' })
			.setSubject(user.id)
			.setIssuer(issuer)
			.setAudience('authenticated')
			.setIssuedAt()
			.setExpirationTime('1h')
			.sign(privateKey);
		return {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: 3600,
			expires_at: Math.floor(Date.now() / 1000) + 3600,
			refresh_token: refresh,
			user: publicUser(user)
		};
	};
	const confirmationLink = (user: FakeUser) =>
		user.confirmation &&
		`${issuer}/verify?${new URLSearchParams({
			token: user.confirmation.token,
			type: 'signup',
			redirect_to: user.confirmation.redirectTo
		})}`;

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
		const refuse = (status: number, code: string, msg: string) =>
			send(status, { code: status, error_code: code, msg });
		if (req.method === 'OPTIONS') return send(204, {});
		let raw = '';
		for await (const chunk of req) raw += chunk;
		const body = raw ? JSON.parse(raw) : {};
		const path = new URL(req.url ?? '/', url);
		const grant = path.searchParams.get('grant_type');
		if (path.pathname === '/auth/v1/.well-known/jwks.json') return send(200, { keys: [jwk] });
		if (path.pathname === '/auth/v1/signup' && req.method === 'POST') {
			if (typeof body.password !== 'string' || body.password.length < 6)
				return refuse(422, 'weak_password', 'Password should be at least 6 characters.');
			const email = String(body.email ?? '').toLowerCase();
			const known = users.get(email);
			// As GoTrue does: a confirmed address gets an answer that looks the same, and no email.
			if (known?.email_confirmed_at) return send(200, { ...publicUser(known), id: randomUUID() });
			const user: FakeUser = known ?? {
				id: randomUUID(),
				email,
				password: body.password,
				email_confirmed_at: null,
				user_metadata: body.data ?? {},
				created_at: now()
			};
			user.confirmation = {
				token: randomBytes(16).toString('hex'),
				redirectTo: path.searchParams.get('redirect_to') ?? url
			};
			users.set(email, user);
			return send(200, publicUser(user));
		}
		if (path.pathname === '/auth/v1/verify' && req.method === 'GET') {
			const token = path.searchParams.get('token');
			const user = [...users.values()].find((u) => token && u.confirmation?.token === token);
			const redirectTo = path.searchParams.get('redirect_to') ?? url;
			const fragment = user
				? await (async () => {
						user.email_confirmed_at = now();
						delete user.confirmation;
						const s = await session(user);
						return new URLSearchParams({
							access_token: s.access_token,
							refresh_token: s.refresh_token,
							expires_in: String(s.expires_in),
							expires_at: String(s.expires_at),
							token_type: 'bearer',
							type: 'signup'
						});
					})()
				: new URLSearchParams({
						error: 'access_denied',
						error_code: 'otp_expired',
						error_description: 'Email link is invalid or has expired'
					});
			res.writeHead(303, { location: `${redirectTo}#${fragment}` });
			return res.end();
		}
		if (path.pathname === '/auth/v1/token' && grant === 'password') {
			const user = users.get(String(body.email ?? '').toLowerCase());
			if (!user || user.password !== body.password)
				return refuse(400, 'invalid_credentials', 'Invalid login credentials');
			if (!user.email_confirmed_at)
				return refuse(400, 'email_not_confirmed', 'Email not confirmed');
			return send(200, await session(user));
		}
		if (path.pathname === '/auth/v1/token' && grant === 'refresh_token') {
			const user = byId(refreshTokens.get(body.refresh_token) ?? '');
			if (!user || !refreshTokens.delete(body.refresh_token))
				return refuse(400, 'refresh_token_not_found', 'Invalid');
			return send(200, await session(user));
		}
		if (path.pathname === '/auth/v1/otp') return send(200, {});
		if (path.pathname === '/auth/v1/user') {
			const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			try {
				const { payload } = await jwtVerify(token, publicKey, { issuer });
				const user = byId(payload.sub ?? '');
				return user ? send(200, publicUser(user)) : refuse(404, 'user_not_found', 'User not found');
			} catch {
				return send(401, { code: 401, msg: 'invalid JWT' });
			}
		}
		// Test-only: what the confirmation email would link to; and a session for any known user,
		// confirmed or not, standing for a token the atlas must not take as a confirmed address.
		if (path.pathname === '/__test/confirmation-link') {
			const user = users.get(String(path.searchParams.get('email')).toLowerCase());
			const link = user && confirmationLink(user);
			return link ? send(200, { link }) : refuse(404, 'no_link', 'No confirmation pending');
		}
		if (path.pathname === '/__test/session' && req.method === 'POST') {
			const user = users.get(String(body.email ?? '').toLowerCase());
			return user ? send(200, await session(user)) : refuse(404, 'user_not_found', 'No user');
		}
		send(404, { code: 404, msg: 'not found' });
	});
	await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
	return {
		url,
		user: { id: first.id, email: first.email },
		session: () => session(first),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
