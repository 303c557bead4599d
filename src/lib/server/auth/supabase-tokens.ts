import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** What the atlas takes from a verified Supabase access token. */
export interface SupabaseClaims {
	sub: string;
	email: string | null;
	exp: number;
}

export interface SupabaseTokenOptions {
	/** The project's URL, https://<ref>.supabase.co: the tokens' issuer is <url>/auth/v1. */
	url: string;
	/** Projects still on the shared HS256 secret verify with it; others use their published keys. */
	jwtSecret?: string;
	/** The published signing keys (defaults to <url>/auth/v1/.well-known/jwks.json). */
	jwks?: JWTVerifyGetKey;
}

/**
 * Verifies Supabase Auth access tokens on the server, with jose: signature (the project's JWKS,
 * or its legacy HS256 secret), issuer, audience "authenticated" and expiry. A token that fails
 * any check is null: the request is anonymous.
 */
export function supabaseTokenVerifier(options: SupabaseTokenOptions) {
	const issuer = `${options.url.replace(/\/$/, '')}/auth/v1`;
	const jwks = options.jwks ?? createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
	const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : null;
	return async function verify(token: string): Promise<SupabaseClaims | null> {
		try {
			const { alg } = decodeProtectedHeader(token);
			const check = { issuer, audience: 'authenticated' };
			const { payload } =
				alg === 'HS256'
					? secret
						? await jwtVerify(token, secret, { ...check, algorithms: ['HS256'] })
						: { payload: null }
					: await jwtVerify(token, jwks, { ...check, algorithms: ['ES256', 'RS256'] });
			if (!payload?.sub || typeof payload.exp !== 'number') return null;
			return {
				sub: payload.sub,
				email: typeof payload.email === 'string' ? payload.email : null,
				exp: payload.exp
			};
		} catch {
			return null;
		}
	};
}
