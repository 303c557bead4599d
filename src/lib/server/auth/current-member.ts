import type { Cookies } from '@sveltejs/kit';
import { readConfig, type AtlasConfig } from '../config.ts';
import type { Queryable } from '../db/engine.ts';
import {
	memberOfSession,
	memberOfUser,
	SESSION_COOKIE,
	SESSION_DAYS,
	type Member,
	type SupabaseUser
} from './accounts.ts';
import { supabaseTokenVerifier } from './supabase-tokens.ts';

/** Supabase mode keeps the user's tokens in httpOnly cookies: scripts on the page never read them. */
export const SUPABASE_ACCESS_COOKIE = 'atlas_sb_access';
export const SUPABASE_REFRESH_COOKIE = 'atlas_sb_refresh';

export type AuthMode =
	| { kind: 'local' }
	| {
			kind: 'supabase';
			url: string;
			anonKey: string;
			verify: ReturnType<typeof supabaseTokenVerifier>;
	  };

export function authModeOf(config: AtlasConfig): AuthMode {
	if (!config.SUPABASE_URL || !config.SUPABASE_ANON_KEY) return { kind: 'local' };
	return {
		kind: 'supabase',
		url: config.SUPABASE_URL,
		anonKey: config.SUPABASE_ANON_KEY,
		verify: supabaseTokenVerifier({
			url: config.SUPABASE_URL,
			jwtSecret: config.SUPABASE_JWT_SECRET
		})
	};
}

let current: AuthMode | undefined;
/** The atlas's sign-in mode, from its configuration (read once). */
export const getAuthMode = (): AuthMode => (current ??= authModeOf(readConfig()));

/** The embedded mode's session cookie, for as long as the session lasts. */
export function setSessionCookie(cookies: Cookies, token: string, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: 60 * 60 * 24 * SESSION_DAYS
	});
}

export function setSupabaseCookies(
	cookies: Cookies,
	session: { access_token: string; refresh_token: string },
	secure: boolean
) {
	const options = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
	cookies.set(SUPABASE_ACCESS_COOKIE, session.access_token, { ...options, maxAge: 60 * 60 * 24 });
	cookies.set(SUPABASE_REFRESH_COOKIE, session.refresh_token, {
		...options,
		maxAge: 60 * 60 * 24 * 30
	});
}

export function clearSessionCookies(cookies: Cookies) {
	for (const name of [SESSION_COOKIE, SUPABASE_ACCESS_COOKIE, SUPABASE_REFRESH_COOKIE])
		cookies.delete(name, { path: '/' });
}

type SupabaseMode = Extract<AuthMode, { kind: 'supabase' }>;

/** supabase-js on the server: it keeps nothing, each call carries the tokens it needs. */
async function serverClient(mode: SupabaseMode) {
	const { createClient } = await import('@supabase/supabase-js');
	return createClient(mode.url, mode.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	});
}

/**
 * The Supabase Auth user an access token belongs to, as Supabase Auth knows them now (whether
 * their email is confirmed is not in the token); null when it does not accept the token.
 */
export async function supabaseUserOf(
	mode: SupabaseMode,
	accessToken: string
): Promise<SupabaseUser | null> {
	const { data, error } = await (await serverClient(mode)).auth.getUser(accessToken);
	return error || !data.user ? null : data.user;
}

/**
 * Who is asking: a local session (embedded mode) or a verified Supabase access token, refreshed
 * with supabase-js when it has expired. Anyone else, or anyone without a role, is anonymous.
 */
export async function memberOfRequest(
	db: Queryable,
	cookies: Cookies,
	mode: AuthMode,
	secure: boolean
): Promise<Member | null> {
	if (mode.kind === 'local') {
		const token = cookies.get(SESSION_COOKIE);
		return token ? memberOfSession(db, token) : null;
	}
	const access = cookies.get(SUPABASE_ACCESS_COOKIE);
	const claims = access ? await mode.verify(access) : null;
	if (claims) return memberOfUser(db, claims.sub);
	const refresh = cookies.get(SUPABASE_REFRESH_COOKIE);
	if (!refresh) return null;
	const supabase = await serverClient(mode);
	const { data } = await supabase.auth.refreshSession({ refresh_token: refresh });
	const renewed = data.session ? await mode.verify(data.session.access_token) : null;
	if (!data.session || !renewed) {
		clearSessionCookies(cookies);
		return null;
	}
	setSupabaseCookies(cookies, data.session, secure);
	return memberOfUser(db, renewed.sub);
}
