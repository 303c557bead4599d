import { redirect, text } from '@sveltejs/kit';
import { isLang, translate } from '#lib/i18n/index.ts';
import type { RequestHandler } from './$types';

/** Only same-site paths: never redirect to another host. */
function safeRedirect(target: FormDataEntryValue | null): string {
	return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

// The language switch is a plain form, so it works without JavaScript.
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	const form = await request.formData();
	const lang = form.get('lang');
	if (!isLang(lang)) {
		return text(translate(locals.lang, 'lang.badRequest', { lang: String(lang ?? '') }), { status: 400 });
	}
	cookies.set('lang', lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: false });
	redirect(303, safeRedirect(form.get('redirect')));
};
