import { redirect } from '@sveltejs/kit';
import { getAuthMode } from '#lib/server/auth/current-member.ts';
import type { PageServerLoad } from './$types';

/** Where a magic link lands (Supabase mode): the browser reads the session from the link. */
export const load: PageServerLoad = ({ url }) => {
	const mode = getAuthMode();
	if (mode.kind !== 'supabase') redirect(303, '/accedi');
	const next = url.searchParams.get('next') ?? '/proposte';
	return {
		supabase: { url: mode.url, anonKey: mode.anonKey },
		next: /^\/(?!\/)/.test(next) ? next : '/proposte'
	};
};
