import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { checkLocalPassword, createSession } from '#lib/server/auth/accounts.ts';
import { getAuthMode, setSessionCookie } from '#lib/server/auth/current-member.ts';
import {
	clearSignInAttempts,
	recordSignInAttempt,
	signInKey
} from '#lib/server/auth/sign-in-attempts.ts';
import { hasNoNul } from '#lib/text.ts';
import type { Actions, PageServerLoad } from './$types';

const credentials = z.object({
	email: z.string().trim().max(254).refine(hasNoNul),
	password: z.string().max(200),
	next: z.string().default('/proposte')
});
/** Only paths of this site, never another origin. */
const safeNext = (next: string) => (/^\/(?!\/)/.test(next) ? next : '/proposte');

export const load: PageServerLoad = ({ locals, url }) => {
	const mode = getAuthMode();
	return {
		member: locals.member,
		next: safeNext(url.searchParams.get('next') ?? '/proposte'),
		// Supabase mode signs in in the browser with supabase-js: its URL and public key only.
		supabase: mode.kind === 'supabase' ? { url: mode.url, anonKey: mode.anonKey } : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, getClientAddress }) => {
		// One way in: with Supabase Auth configured, local passwords are not accepted.
		if (getAuthMode().kind !== 'local')
			return fail(400, { message: translate(locals.lang, 'auth.failed'), email: '' });
		const form = credentials.safeParse(Object.fromEntries(await request.formData()));
		if (!form.success)
			return fail(400, { message: translate(locals.lang, 'auth.failed'), email: '' });
		const { email, password, next } = form.data;
		const db = await getDatabase();
		// Counted in the database: the limit holds across every atlas process sharing it.
		const key = signInKey(getClientAddress(), email);
		if (!(await recordSignInAttempt(db, key)))
			return fail(429, { message: translate(locals.lang, 'auth.tooMany'), email });
		const member = await checkLocalPassword(db, email, password);
		if (!member) return fail(400, { message: translate(locals.lang, 'auth.failed'), email });
		await clearSignInAttempts(db, key);
		const session = await createSession(db, member.user_id);
		setSessionCookie(cookies, session, locals.origin.startsWith('https:'));
		redirect(303, safeNext(next));
	}
};
