import { getAuthMode } from '#lib/server/auth/current-member.ts';
import type { PageServerLoad } from './$types';

/**
 * Signing up: in Supabase mode the browser calls Supabase Auth itself (its URL and public key
 * only); the member row is made at the first sign-in after the email is confirmed
 * (/accedi/sessione). In embedded mode the page says how to ask the administration.
 */
export const load: PageServerLoad = ({ locals }) => {
	const mode = getAuthMode();
	return {
		member: locals.member,
		supabase: mode.kind === 'supabase' ? { url: mode.url, anonKey: mode.anonKey } : null
	};
};
