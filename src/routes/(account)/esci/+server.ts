import { redirect } from '@sveltejs/kit';
import { getDatabase } from '#lib/server/atlas.ts';
import { endSession, SESSION_COOKIE } from '#lib/server/auth/accounts.ts';
import { clearSessionCookies } from '#lib/server/auth/current-member.ts';
import type { RequestHandler } from './$types';

/** Signing out ends the session in the database too, not only the cookie. */
export const POST: RequestHandler = async (event) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) await endSession(await getDatabase(), token);
	clearSessionCookies(event.cookies);
	redirect(303, '/');
};
