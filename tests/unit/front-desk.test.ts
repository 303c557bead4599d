import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { frontDesk } from '../../src/lib/server/front-desk.ts';
import { ResponseCache } from '../../src/lib/server/response-cache.ts';
import { securityHeaders } from '../../src/lib/server/security-headers.ts';
import { cacheKey } from '../../src/lib/server/serving.ts';

const OPTIONS = {
	ATLAS_ORIGIN: undefined,
	ATLAS_BASEMAP_STYLE_URL: 'https://tiles.example.org/style.json',
	SUPABASE_URL: undefined
};
const VERSION = 'v1';
const BODY = JSON.stringify({ features: Array.from({ length: 300 }, (_, i) => ({ id: i })) });
const KIT_CSP = "script-src 'self' 'sha256-abc='";

/** A cache holding an API answer and a page, as the hooks would have stored them. */
async function filledCache() {
	const cache = new ResponseCache(8 * 1024 * 1024);
	const store = (kind: 'api' | 'page', url: string, response: Response) =>
		cache.respond(
			new Request(url),
			cacheKey(kind, 'it', new URL(url)),
			VERSION,
			async () => response,
			() => true
		);
	await store(
		'api',
		'http://atlas.test/api/v1/municipalities',
		new Response(BODY, { headers: { 'content-type': 'application/json' } })
	);
	await store(
		'api',
		'http://atlas.test/api/v1/municipalities?lang=it',
		new Response(BODY, { headers: { 'content-type': 'application/json' } })
	);
	await store(
		'page',
		'http://atlas.test/comuni/046007',
		new Response('<p>Lucca</p>', {
			headers: { 'content-type': 'text/html', 'content-security-policy': KIT_CSP }
		})
	);
	return cache;
}

/** A Node request and a response that records what was written to it. */
function exchange(url: string, headers: Record<string, string> = {}, method = 'GET') {
	const req = { method, url, headers: { host: 'atlas.test', ...headers } } as IncomingMessage;
	const written: { status?: number; headers: Record<string, string>; body?: Buffer } = {
		headers: {}
	};
	const res = {
		writeHead(status: number, flat: string[]) {
			written.status = status;
			for (let i = 0; i < flat.length; i += 2) written.headers[flat[i]] = flat[i + 1];
		},
		end(body: Uint8Array | null) {
			written.body = body ? Buffer.from(body) : undefined;
		}
	} as unknown as ServerResponse;
	return { req, res, written };
}

const desk = async (knownDataVersion: () => string | undefined = () => VERSION) =>
	frontDesk(await filledCache(), { knownDataVersion }, OPTIONS);

describe('the front desk', () => {
	it('answers a cached API read, compressed, with its ETag and the security headers', async () => {
		const answer = await desk();
		const { req, res, written } = exchange('/api/v1/municipalities', {
			'accept-encoding': 'gzip, br'
		});
		expect(answer(req, res)).toBe(true);
		expect(written.status).toBe(200);
		expect(written.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(written.body!).toString()).toBe(BODY);
		expect(written.headers.etag).toMatch(/^"[\w-]+-br"$/);
		expect(written.headers['cache-control']).toBe('public, no-cache');
		expect(written.headers['x-content-type-options']).toBe('nosniff');
		expect(written.headers['content-security-policy']).toBe(
			securityHeaders(OPTIONS)['content-security-policy']
		);
	});

	it("joins Kit's script hashes to the atlas's policy on a page", async () => {
		const answer = await desk();
		const { req, res, written } = exchange('/comuni/046007');
		expect(answer(req, res)).toBe(true);
		expect(written.body!.toString()).toBe('<p>Lucca</p>');
		const csp = written.headers['content-security-policy'];
		expect(csp).toContain("'sha256-abc='");
		expect(csp).toContain('https://tiles.example.org');
		expect(csp.match(/content-security-policy/gi)).toBeNull();
	});

	it('answers 304 without a body when the ETag is known', async () => {
		const answer = await desk();
		const first = exchange('/api/v1/municipalities');
		answer(first.req, first.res);
		const again = exchange('/api/v1/municipalities', {
			'if-none-match': first.written.headers.etag
		});
		expect(answer(again.req, again.res)).toBe(true);
		expect(again.written.status).toBe(304);
		expect(again.written.body).toBeUndefined();
	});

	it('answers HEAD with the headers and no body', async () => {
		const answer = await desk();
		const { req, res, written } = exchange('/api/v1/municipalities', {}, 'HEAD');
		expect(answer(req, res)).toBe(true);
		expect(written.headers['content-length']).toBe(String(Buffer.byteLength(BODY)));
		expect(written.body).toBeUndefined();
	});

	it('keeps the OGC API’s JSON for programs and never gives it to a browser asking for HTML', async () => {
		const cache = new ResponseCache(8 * 1024 * 1024);
		const url = 'http://atlas.test/ogc/collections';
		await cache.respond(
			new Request(url),
			cacheKey('api', 'it', new URL(url)),
			VERSION,
			async () =>
				new Response(BODY, { headers: { 'content-type': 'application/json', vary: 'Accept' } }),
			() => true
		);
		const answer = frontDesk(cache, { knownDataVersion: () => VERSION }, OPTIONS);
		const program = exchange('/ogc/collections', { accept: 'application/json' });
		expect(answer(program.req, program.res)).toBe(true);
		expect(program.written.body!.toString()).toBe(BODY);
		expect(program.written.headers.vary).toBe('Accept, Accept-Encoding, Cookie');
		const browser = exchange('/ogc/collections', { accept: 'text/html,*/*;q=0.8' });
		expect(answer(browser.req, browser.res)).toBe(false);
		const asked = exchange('/ogc/collections?f=html');
		expect(answer(asked.req, asked.res)).toBe(false);
	});

	it.each([
		['a write', '/api/v1/municipalities', {}, 'POST'],
		['an address not cached', '/api/v1/layers', {}, 'GET'],
		['a page to someone with a session', '/comuni/046007', { cookie: 'atlas_session=x' }, 'GET'],
		[
			'a page to someone signed in with Supabase',
			'/comuni/046007',
			{ cookie: 'atlas_sb_refresh=x' },
			'GET'
		],
		['a language change, which sets a cookie', '/api/v1/municipalities?lang=en', {}, 'GET'],
		[
			'another language than the one cached',
			'/api/v1/municipalities',
			{ cookie: 'lang=en' },
			'GET'
		],
		['a personal API path', '/api/v1/proposals', {}, 'GET'],
		['a broken percent-encoding', '/api/v1/%E0%A4%A', {}, 'GET'],
		['a path that names another host', '//evil.example/api/v1/municipalities', {}, 'GET']
	])('leaves %s to SvelteKit', async (_, url, headers, method) => {
		const answer = await desk();
		const { req, res, written } = exchange(url, headers as Record<string, string>, method);
		expect(answer(req, res)).toBe(false);
		expect(written.status).toBeUndefined();
	});

	it('answers an API read to a member too: public data is the same for everyone', async () => {
		const answer = await desk();
		const { req, res } = exchange('/api/v1/municipalities', { cookie: 'atlas_session=x' });
		expect(answer(req, res)).toBe(true);
	});

	it('keeps the language already chosen: ?lang= naming the cookie’s language is answered', async () => {
		const answer = await desk();
		const { req, res } = exchange('/api/v1/municipalities?lang=it', { cookie: 'lang=it' });
		expect(answer(req, res)).toBe(true);
	});

	it('answers nothing for another data version, nor before the version is known', async () => {
		for (const version of ['v2', undefined]) {
			const answer = await desk(() => version);
			const { req, res } = exchange('/api/v1/municipalities');
			expect(answer(req, res)).toBe(false);
		}
	});
});

describe('the front desk and the embeddable map', () => {
	/** A cache holding the embed page in English and a page that refuses framing. */
	async function embedCache() {
		const cache = new ResponseCache(1024 * 1024);
		for (const [lang, url] of [
			['en', 'http://atlas.test/embed?comune=046017&lang=en'],
			['it', 'http://atlas.test/cerca']
		] as const)
			await cache.respond(
				new Request(url),
				cacheKey('page', lang, new URL(url)),
				VERSION,
				async () =>
					new Response('<p>map</p>', {
						headers: { 'content-type': 'text/html', 'content-security-policy': KIT_CSP }
					}),
				() => true
			);
		return frontDesk(cache, { knownDataVersion: () => VERSION }, OPTIONS);
	}

	it('answers a framed map’s ?lang= (it sets no cookie there), framable by any site', async () => {
		const answer = await embedCache();
		const { req, res, written } = exchange('/embed?comune=046017&lang=en');
		expect(answer(req, res)).toBe(true);
		expect(written.headers['content-security-policy']).toMatch(/frame-ancestors \*(;|$)/);
		expect(written.headers['x-frame-options']).toBeUndefined();
	});

	it('keeps every other cached page unframeable', async () => {
		const answer = await embedCache();
		const { req, res, written } = exchange('/cerca');
		expect(answer(req, res)).toBe(true);
		expect(written.headers['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(written.headers['x-frame-options']).toBe('DENY');
	});
});
