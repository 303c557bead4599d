import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { closeDatabase, getDatabase } from '#lib/server/atlas.ts';
import { getAuthMode, memberOfRequest } from '#lib/server/auth/current-member.ts';
import { isLang, negotiateLang, translate, type Lang } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { readConfig } from '#lib/server/config.ts';
import { isCrossSiteRequest } from '#lib/server/csrf.ts';

const config = readConfig();

export const init: ServerInit = async () => {
	// Open, migrate and load before the first request, not during it.
	await getDatabase();
	// adapter-node emits this on SIGTERM/SIGINT: close the embedded database so its directory stays sound.
	process.once('sveltekit:shutdown', () => {
		void closeDatabase();
	});
};

/** A path decoded, or null when its percent-encoding is broken (SvelteKit then answers HTML). */
function decodedPath(pathname: string): string | null {
	try {
		return decodeURI(pathname);
	} catch {
		return null;
	}
}

/** The API speaks its own JSON even when SvelteKit refuses a method (its answer is plain text). */
function apiMethodNotAllowed(response: Response, method: string, lang: Lang): Response {
	const allowed = response.headers.get('allow') ?? '';
	const answer = apiError(
		405,
		'method_not_allowed',
		translate(lang, 'api.methodNotAllowed', { method, allowed })
	);
	answer.headers.set('allow', allowed);
	return answer;
}

export const handle: Handle = async ({ event, resolve }) => {
	// adapter-node serves plain http; behind a TLS proxy ATLAS_ORIGIN says the public address.
	event.locals.origin = config.ATLAS_ORIGIN ?? `http://${event.url.host}`;
	const query = event.url.searchParams.get('lang');
	event.locals.lang = negotiateLang({ query, cookie: event.cookies.get('lang') });
	const api = event.url.pathname.startsWith('/api/');
	if (api && decodedPath(event.url.pathname) === null)
		return apiError(400, 'malformed_url', translate(event.locals.lang, 'api.malformedUrl'));
	// Before anything runs: a state-changing request from another site changes nothing.
	if (isCrossSiteRequest(event.request, { trustedOrigins: config.ATLAS_TRUSTED_ORIGINS })) {
		const message = translate(event.locals.lang, 'problem.crossOrigin');
		return event.url.pathname.startsWith('/api/')
			? apiError(403, 'cross_origin', message)
			: new Response(message, {
					status: 403,
					headers: { 'content-type': 'text/plain; charset=utf-8' }
				});
	}
	event.locals.member = await memberOfRequest(
		await getDatabase(),
		event.cookies,
		getAuthMode(),
		event.locals.origin.startsWith('https:')
	);
	// An explicit ?lang= is remembered for the pages that follow.
	if (isLang(query) && query !== event.cookies.get('lang')) {
		event.cookies.set('lang', query, {
			path: '/',
			maxAge: 60 * 60 * 24 * 365,
			sameSite: 'lax',
			httpOnly: false
		});
	}
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang)
	});
	return api && response.status === 405 && !response.headers.get('content-type')?.includes('json')
		? apiMethodNotAllowed(response, event.request.method, event.locals.lang)
		: response;
};

export const handleError: HandleServerError = (input) => {
	const lang = input.event.locals.lang ?? 'it';
	if (input.kind === 'unknown') {
		console.error(input.error);
		return { message: translate(lang, 'error.generic.body') };
	}
	if (input.kind === 'framework' && input.error.status === 404) {
		return { message: translate(lang, 'error.notFound.generic') };
	}
	return { message: input.error.message };
};
