import type { RequestEvent } from '@sveltejs/kit';
import { todayInItaly } from '../dates.ts';
import { translate, type Lang } from '../i18n/index.ts';
import { apiError } from './api.ts';
import { readConfig } from './config.ts';
import { PUBLIC_REVALIDATE, ResponseCache } from './response-cache.ts';

/** Pages whose HTML is the same for every anonymous visitor (given address, language and data). */
const PUBLIC_PAGES = new Set([
	'/',
	'/comuni/[istat]',
	'/ambiti/[code]',
	'/interventi/[id]',
	'/monitoraggio',
	// Anonymous visitors see adopted and closed plans only, the same for all of them.
	'/piano-di-lavoro',
	'/piano-di-lavoro/[id]',
	'/opportunita',
	'/cerca',
	// Anonymous visitors never see hidden observations or comments: the same for all of them.
	'/osservazioni',
	'/osservazioni/[id]',
	// OGC API – Features in HTML, for anonymous visitors.
	'/ogc',
	'/ogc/conformance',
	'/ogc/collections',
	'/ogc/collections/[id]',
	'/ogc/collections/[id]/items',
	'/ogc/collections/[id]/items/[featureId]',
	// The data catalogue: the same for everyone.
	'/dati',
	// The embeddable map: no member-specific content, whoever frames it.
	'/embed'
]);

/** API answers that depend on who asks (or on the moment) are never kept. */
// Quarters: drafts are seen by the committees only, so the answer depends on who asks.
// Observations: moderators and authors see hidden ones, so the answer depends on who asks.
const PERSONAL_API = /^\/api\/v1\/(proposals|health|quarters|observations)(\/|$)/;

export const publicCache = new ResponseCache(readConfig().ATLAS_CACHE_MB * 1024 * 1024);

export type CacheKind = 'api' | 'page' | null;

/** Public data at an address anyone may read alike (API reads, the basemap's land). */
export function isPublicDataPath(path: string): boolean {
	if (path.startsWith('/api/')) return !PERSONAL_API.test(path);
	// OGC API – Features: public data only (observations as anyone sees them).
	if (path === '/ogc' || path.startsWith('/ogc/')) return true;
	return path === '/basemap/land.geojson';
}

/**
 * How /ogc answers a request: `?f=` decides, else Accept: HTML when it names text/html above any
 * JSON type (a browser), JSON otherwise (GDAL, QGIS, curl's any). Null outside /ogc. The OpenAPI
 * document is JSON only.
 */
export function ogcEncoding(sent: URL, accept: string | null): 'html' | 'json' | null {
	if (sent.pathname !== '/ogc' && !sent.pathname.startsWith('/ogc/')) return null;
	if (sent.pathname === '/ogc/api') return 'json';
	const f = sent.searchParams.get('f');
	if (f) return f === 'html' ? 'html' : 'json';
	const quality = (type: string) =>
		Math.max(
			0,
			...(accept ?? '').split(',').flatMap((part) => {
				const [name, ...params] = part.trim().toLowerCase().split(';');
				if (name.trim() !== type) return [];
				const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
				return [q ? Number(q.slice(2)) || 0 : 1];
			})
		);
	const html = quality('text/html');
	return html > 0 && html > Math.max(quality('application/json'), quality('application/geo+json'))
		? 'html'
		: 'json';
}

/**
 * Public data anyone reads alike: kept for everyone. /ogc's HTML pages are pages (they carry the
 * member's header), kept for anonymous visitors only.
 */
export const isPublicDataAnswer = (sent: URL, accept: string | null): boolean =>
	isPublicDataPath(sent.pathname) && ogcEncoding(sent, accept) !== 'html';

/**
 * Whether a request's answer can come from the public cache: API reads of public data, for
 * anyone; public pages, for anonymous visitors only (members see their name and actions).
 */
export function cacheKindOf(event: RequestEvent): CacheKind {
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD') return null;
	if (isPublicDataAnswer(event.url, event.request.headers.get('accept'))) return 'api';
	if (event.url.pathname.startsWith('/api/')) return null;
	if (event.locals.member || !PUBLIC_PAGES.has(event.route.id ?? '')) return null;
	return 'page';
}

/**
 * What an answer depends on besides the data version: the address as sent (a page's data request
 * included), the host (absolute links), the language and the day (in Italy).
 */
export function cacheKey(kind: Exclude<CacheKind, null>, lang: Lang, sent: URL): string {
	const params = [...sent.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const query = new URLSearchParams(params).toString();
	// Pages are dated, and monitoring counts deadlines from today: every answer is kept for one day.
	const day = todayInItaly();
	return [kind, lang, sent.host, sent.pathname, query, day].join('|');
}

export const cacheKeyOf = (event: RequestEvent, kind: Exclude<CacheKind, null>): string =>
	cacheKey(kind, event.locals.lang, new URL(event.request.url));

/** An API route opts in with `Cache-Control: public…`; a page by being public and setting no cookie. */
export function isCacheableResponse(kind: Exclude<CacheKind, null>, response: Response): boolean {
	if (response.headers.has('set-cookie')) return false;
	if (kind === 'api') return (response.headers.get('cache-control') ?? '').startsWith('public');
	return true;
}

/** The headers an API route sends with public data: the cache adds the ETag and validation. */
export const PUBLIC_DATA = { 'cache-control': PUBLIC_REVALIDATE } as const;

/** /ogc's JSON: public data whose address also serves HTML, chosen by Accept. */
export const OGC_DATA = { ...PUBLIC_DATA, vary: 'Accept' } as const;

/** 503 with Retry-After in the user's language: JSON for the API, a short page otherwise. */
export function busyResponse(lang: Lang, path: string, retryAfterSeconds: number): Response {
	const message = translate(lang, 'problem.busy');
	const response = path.startsWith('/api/')
		? apiError(503, 'busy', message)
		: new Response(
				`<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${message}</title><p>${message}</p></html>`,
				{ status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } }
			);
	response.headers.set('retry-after', String(retryAfterSeconds));
	response.headers.set('cache-control', 'no-store');
	return response;
}

/** Resolves with `null` after `ms`, unless the work finishes first. */
export function withinTime<T>(work: Promise<T>, ms: number): Promise<T | null> {
	let timer: ReturnType<typeof setTimeout>;
	const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
	return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
