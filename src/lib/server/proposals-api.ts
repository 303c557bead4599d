import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { translate } from '../i18n/index.ts';
import { apiError } from './api.ts';
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

const signInNeeded = (event: RequestEvent) => translate(event.locals.lang, 'problem.signInNeeded');

/**
 * A write endpoint for members only: an anonymous request gets 401 `sign_in_needed` before its
 * body is read, so nobody pays for parsing it and its validation tells no visitor anything.
 * (Row-level security still decides what each member may change.)
 */
export function membersOnly<E extends RequestEvent>(
	handler: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) =>
		event.locals.member ? handler(event) : apiError(401, 'sign_in_needed', signInNeeded(event));
}

/** The same for a form action: a 401 failure with the message, for the form named `form`. */
export function membersOnlyAction<E extends RequestEvent, R>(
	form: string,
	action: (event: E) => Promise<R>
) {
	return async (event: E) =>
		event.locals.member ? action(event) : fail(401, { form, message: signInNeeded(event) });
}
