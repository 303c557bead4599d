import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { requireMember } from '#lib/server/proposals-api.ts';
import type { LayoutServerLoad } from './$types';

// Admin pages: a visitor is sent to sign in, a member who is not an admin is refused. (Form
// actions do not run this: the data-access module and row-level security check them again.)
export const load: LayoutServerLoad = async (event) => {
	const member = requireMember(event);
	if (member.role !== 'admin') error(403, translate(event.locals.lang, 'problem.notAllowed'));
	return { member };
};
