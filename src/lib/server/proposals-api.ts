import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Identity } from './db/identity.ts';
import { getDatabase } from './atlas.ts';
import { proposalQueries } from './proposal-queries.ts';
import { RefusalError } from './refusal.ts';
import { refusalResponse } from './request.ts';

/** The request's identity for row-level security: the signed-in member, or anonymous. */
export const identityOf = (event: RequestEvent): Identity =>
	event.locals.member ? { userId: event.locals.member.user_id } : null;

export async function proposals() {
	return proposalQueries(await getDatabase());
}

/** Runs `work`; a refusal of the data-access module becomes an API error in the user's language. */
export async function answering(
	event: RequestEvent,
	work: () => Promise<Response>
): Promise<Response> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof RefusalError) return refusalResponse(event.locals.lang, error);
		throw error;
	}
}

/** Pages for members only send an anonymous visitor to sign in, and back here afterwards. */
export function requireMember(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const member = event.locals.member;
	if (!member) redirect(303, `/accedi?next=${encodeURIComponent(event.url.pathname)}`);
	return member;
}
