import type { Cookies } from '@sveltejs/kit';
import { readConfig, type AtlasConfig } from '../config.ts';
import type { Queryable } from '../db/engine.ts';
import { memberOfSession, memberOfUser, SESSION_COOKIE, type Member } from './accounts.ts';
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
	const { createClient } = await import('@supabase/supabase-js');
	const supabase = createClient(mode.url, mode.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	});
	const { data } = await supabase.auth.refreshSession({ refresh_token: refresh });
	const renewed = data.session ? await mode.verify(data.session.access_token) : null;
	if (!data.session || !renewed) {
		clearSessionCookies(cookies);
		return null;
	}
	setSupabaseCookies(cookies, data.session, secure);
	return memberOfUser(db, renewed.sub);
}
