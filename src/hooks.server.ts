import type { RequestEvent } from '@sveltejs/kit';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { sequence } from '@sveltejs/kit/hooks';
import { closeDatabase, getDatabase } from '#lib/server/atlas.ts';
import { getAuthMode, memberOfRequest } from '#lib/server/auth/current-member.ts';
import { isLang, negotiateLang, translate, type Lang } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { readConfig } from '#lib/server/config.ts';
import { isCrossSiteRequest } from '#lib/server/csrf.ts';
import { frontDesk, openFrontDesk } from '#lib/server/front-desk.ts';
import { serveControlSocket } from '#lib/server/db/backup.ts';
import { isEmbedded } from '#lib/server/db/engine.ts';
import { prepareDatabase } from '#lib/server/db/index.ts';
import { OverloadedError } from '#lib/server/db/work-gate.ts';
import {
	busyResponse,
	cacheKeyOf,
	cacheKindOf,
	isCacheableResponse,
	ogcEncoding,
	publicCache,
	withinTime
} from '#lib/server/serving.ts';
import { isFrameable, securityHeadersHandle } from '#lib/server/security-headers.ts';

const config = readConfig();

export const init: ServerInit = async () => {
	// Open, migrate and load before the first request, not during it.
	const db = await getDatabase();
	// The embedded engine takes backups and restores from the CLI while it serves.
	const control = isEmbedded(db)
		? await serveControlSocket(db, config.ATLAS_PGLITE_DIR, () => prepareDatabase(db, config))
		: null;
	// Repeated public reads are answered from memory before SvelteKit (src/server.ts).
	openFrontDesk(frontDesk(publicCache, db, config));
	// adapter-node emits this on SIGTERM/SIGINT: close the embedded database so its directory stays sound.
	process.once('sveltekit:shutdown', () => {
		control?.close();
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

// Outermost, so that every answer (early refusals included) carries the security headers.
const securityHeaders = securityHeadersHandle(config);

export const handle: Handle = sequence(securityHeaders, async ({ event, resolve }) => {
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
	// An explicit ?lang= is remembered for the pages that follow (not a framed map's: the site
	// framing it chose that language, not the visitor).
	if (isLang(query) && query !== event.cookies.get('lang') && !isFrameable(event.url.pathname)) {
		event.cookies.set('lang', query, {
			path: '/',
			maxAge: 60 * 60 * 24 * 365,
			sameSite: 'lax',
			httpOnly: false,
			// Kit's default (Secure) would make browsers drop it on a plain-http deployment.
			secure: event.locals.origin.startsWith('https:')
		});
	}
	// Kit picks a route's page or endpoint by Accept: make it pick what the cache keyed the answer by.
	const ogc = ogcEncoding(event.url, event.request.headers.get('accept'));
	if (ogc) event.request.headers.set('accept', ogc === 'html' ? 'text/html' : 'application/json');
	try {
		return await answerRequest(event, resolve);
	} catch (error) {
		// The database's queue is full, or the request waited too long: say so, and when to retry.
		if (error instanceof OverloadedError)
			return busyResponse(event.locals.lang, event.url.pathname, error.retryAfterSeconds);
		throw error;
	}
});

async function answerRequest(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']) {
	const db = await getDatabase();
	event.locals.member = await memberOfRequest(
		db,
		event.cookies,
		getAuthMode(),
		event.locals.origin.startsWith('https:')
	);
	const render = async () => {
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang)
		});
		// A route that hit the database's limits (handleError saw it) answers 503, not 500.
		if (event.locals.overloaded !== undefined)
			return busyResponse(event.locals.lang, event.url.pathname, event.locals.overloaded);
		const api = event.url.pathname.startsWith('/api/');
		return api && response.status === 405 && !response.headers.get('content-type')?.includes('json')
			? apiMethodNotAllowed(response, event.request.method, event.locals.lang)
			: response;
	};
	const kind = cacheKindOf(event);
	const work = kind
		? publicCache.respond(
				event.request,
				cacheKeyOf(event, kind),
				await db.dataVersion(),
				render,
				(response) => isCacheableResponse(kind, response)
			)
		: render().then((response) => {
				// Whatever is made for a signed-in member stays theirs: no shared cache keeps it.
				if (event.locals.member && !response.headers.has('cache-control'))
					response.headers.set('cache-control', 'private, no-store');
				return response;
			});
	// A write is never cut short (it may be committing); a read that takes too long is answered.
	const reading = event.request.method === 'GET' || event.request.method === 'HEAD';
	if (!reading) return work;
	const answered = await withinTime(work, config.ATLAS_REQUEST_TIMEOUT_MS);
	return answered ?? busyResponse(event.locals.lang, event.url.pathname, 2);
}

export const handleError: HandleServerError = (input) => {
	const lang = input.event.locals.lang ?? 'it';
	if (input.error instanceof OverloadedError) {
		input.event.locals.overloaded = input.error.retryAfterSeconds;
		return { message: translate(lang, 'problem.busy') };
	}
	if (input.kind === 'unknown') {
		console.error(input.error);
		return { message: translate(lang, 'error.generic.body') };
	}
	if (input.kind === 'framework' && input.error.status === 404) {
		return { message: translate(lang, 'error.notFound.generic') };
	}
	return { message: input.error.message };
};
