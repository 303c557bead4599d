import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { passwordSchema } from '#lib/server/auth/accounts.ts';
import { getAuthMode, setSessionCookie } from '#lib/server/auth/current-member.ts';
import {
	INVITATION_TOKEN,
	memberOfInvitation,
	setPasswordWithInvitation
} from '#lib/server/auth/invitations.ts';
import { fieldLabel, invalidFieldMessage } from '#lib/server/request.ts';
import type { Actions, PageServerLoad } from './$types';

const passwords = z
	.object({ password: passwordSchema, confirm: z.string({ error: 'problem.missing' }) })
	.refine((form) => form.password === form.confirm, {
		message: 'problem.passwordsDiffer',
		path: ['confirm']
	});

/** Whom the link is for, or null: a malformed token is as invalid as a used one. */
async function invited(token: string) {
	if (getAuthMode().kind !== 'local') return null;
	return INVITATION_TOKEN.test(token) ? memberOfInvitation(await getDatabase(), token) : null;
}

/** The page of a set-password link (embedded mode): the person chooses their password. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The address carries a secret: no cache keeps the page.
	setHeaders({ 'cache-control': 'no-store' });
	const member = await invited(params.token);
	// A dead link gets a page that says so and what to do, rather than an error page.
	return { invitee: member && { email: member.email, display_name: member.display_name } };
};

export const actions: Actions = {
	default: async ({ params, request, cookies, locals }) => {
		const lang = locals.lang;
		if (!(await invited(params.token)))
			return fail(410, { message: translate(lang, 'account.linkInvalid'), gone: true });
		const form = passwords.safeParse(Object.fromEntries(await request.formData()));
		if (!form.success) {
			const field = fieldLabel(lang, 'admin.field', String(form.error.issues[0].path[0]));
			return fail(400, { message: invalidFieldMessage(lang, form.error, field), gone: false });
		}
		const done = await setPasswordWithInvitation(
			await getDatabase(),
			params.token,
			form.data.password
		);
		// Used meanwhile (another tab, a double submit): the first use won.
		if (!done) return fail(410, { message: translate(lang, 'account.linkInvalid'), gone: true });
		setSessionCookie(cookies, done.session, locals.origin.startsWith('https:'));
		redirect(303, '/proposte');
	}
};
