import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { enrolConfirmedUser, hasConfirmedEmail, memberOfUser } from '#lib/server/auth/accounts.ts';
import {
	getAuthMode,
	setSupabaseCookies,
	supabaseUserOf
} from '#lib/server/auth/current-member.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

const session = z.object({
	access_token: z.string().min(20).max(8000),
	refresh_token: z.string().min(1).max(2000)
});

/**
 * Supabase mode: the browser signed in with supabase-js and hands its session over. The server
 * verifies the access token itself and keeps both tokens in httpOnly cookies. A user who signed
 * up and confirmed their email becomes a stakeholder here, at their first sign-in.
 */
export const POST: RequestHandler = async (event) => {
	const mode = getAuthMode();
	const lang = event.locals.lang;
	if (mode.kind !== 'supabase') return apiError(404, 'not_found', translate(lang, 'auth.failed'));
	const body = await readJson(event, session);
	if (!body.ok) return body.response;
	const claims = await mode.verify(body.value.access_token);
	if (!claims) return apiError(401, 'invalid_token', translate(lang, 'auth.failed'));
	const db = await getDatabase();
	let member = await memberOfUser(db, claims.sub);
	if (!member) {
		// A first sign-in: Supabase Auth says whether the email is confirmed (the token does not).
		const user = await supabaseUserOf(mode, body.value.access_token);
		if (!user || user.id !== claims.sub)
			return apiError(401, 'invalid_token', translate(lang, 'auth.failed'));
		if (!hasConfirmedEmail(user))
			return apiError(403, 'email_not_confirmed', translate(lang, 'auth.confirmEmailFirst'));
		member = await enrolConfirmedUser(db, user);
		if (!member) return apiError(403, 'no_role', translate(lang, 'auth.noRole'));
	}
	setSupabaseCookies(event.cookies, body.value, event.locals.origin.startsWith('https:'));
	return json({ ok: true, member: { display_name: member.display_name, role: member.role } });
};
