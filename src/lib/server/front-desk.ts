import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie } from 'cookie';
import { isLang, negotiateLang } from '../i18n/index.ts';
import { SUPABASE_ACCESS_COOKIE, SUPABASE_REFRESH_COOKIE } from './auth/current-member.ts';
import { SESSION_COOKIE } from './auth/accounts.ts';
import type { Database } from './db/engine.ts';
import { replyOf, type CachedAnswer, type ResponseCache } from './response-cache.ts';
import { isFrameable, securityHeaders, type SecurityHeaderOptions } from './security-headers.ts';
import { cacheKey, isPublicDataAnswer } from './serving.ts';

/**
 * Answers a request from the public cache before SvelteKit sees it, or says it cannot (false):
 * then SvelteKit answers, and fills the cache. Under load most requests are repeated public
 * reads, and turning each into a web Request and Response cost more than the rest of the answer.
 *
 * It answers only what the hooks would answer from the same cache with the same bytes and
 * headers: public API data for anyone; public pages for visitors without a session cookie;
 * never a request that would set a cookie (?lang= naming a new language), a write, or a miss.
 */
export type FrontDesk = (req: IncomingMessage, res: ServerResponse) => boolean;

/** How the server entry finds the front desk the hooks opened (the two are bundled apart). */
export const FRONT_DESK = Symbol.for('atlante-lucca.front-desk');

const SESSION_COOKIES = [SESSION_COOKIE, SUPABASE_ACCESS_COOKIE, SUPABASE_REFRESH_COOKIE];

let answered = 0;
/** How many requests this process's front desk has answered (for the health report). */
export const frontDeskAnswers = () => answered;

export function frontDesk(
	cache: ResponseCache,
	db: Pick<Database, 'knownDataVersion'>,
	options: SecurityHeaderOptions
): FrontDesk {
	// Per cached answer: its security headers (a page's CSP joins Kit's hashes) and their names.
	const securityOf = new WeakMap<
		CachedAnswer,
		{ headers: [string, string][]; names: Set<string> }
	>();
	// An answer is kept per path (the cache key has it), so its headers are the same every time.
	const securedHeaders = (answer: CachedAnswer, reply: [string, string][], path: string) => {
		let security = securityOf.get(answer);
		if (!security) {
			const kitCsp = answer.headers.find(([name]) => name === 'content-security-policy');
			const headers = Object.entries(securityHeaders(options, kitCsp?.[1] ?? null, path));
			security = { headers, names: new Set(headers.map(([name]) => name)) };
			securityOf.set(answer, security);
		}
		return [...reply.filter(([name]) => !security.names.has(name)), ...security.headers];
	};

	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return false;
		const version = db.knownDataVersion();
		if (version === undefined) return false;
		let sent: URL;
		try {
			// As adapter-node makes the request's URL: the path appended to the origin.
			sent = new URL(`http://${req.headers.host}${req.url}`);
			decodeURI(sent.pathname);
		} catch {
			return false;
		}
		const cookies = req.headers.cookie ? parseCookie(req.headers.cookie) : {};
		const query = sent.searchParams.get('lang');
		// The hooks would remember a new ?lang= in a cookie (not on a framed map's page).
		if (isLang(query) && query !== cookies.lang && !isFrameable(sent.pathname)) return false;
		const lang = negotiateLang({ query, cookie: cookies.lang });
		const publicData = isPublicDataAnswer(sent, req.headers.accept ?? null);
		if (
			!publicData &&
			(sent.pathname.startsWith('/api/') || SESSION_COOKIES.some((c) => c in cookies))
		)
			return false;
		const answer = cache.peek(cacheKey(publicData ? 'api' : 'page', lang, sent), version);
		if (!answer) return false;
		const reply = replyOf(answer, {
			method: req.method,
			acceptEncoding: req.headers['accept-encoding'] ?? null,
			ifNoneMatch: req.headers['if-none-match'] ?? null
		});
		res.writeHead(reply.status, securedHeaders(answer, reply.headers, sent.pathname).flat());
		res.end(reply.body);
		answered++;
		return true;
	};
}

/** Makes the front desk known to the server entry (src/server.ts), which starts after the hooks' init. */
export function openFrontDesk(desk: FrontDesk): void {
	(globalThis as Record<symbol, unknown>)[FRONT_DESK] = desk;
}
