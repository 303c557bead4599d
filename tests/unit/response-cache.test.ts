import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	chooseEncoding,
	matchesIfNoneMatch,
	ResponseCache
} from '../../src/lib/server/response-cache.ts';

const geojson = JSON.stringify({
	type: 'FeatureCollection',
	features: Array.from({ length: 200 }, (_, i) => ({ type: 'Feature', id: i, properties: {} }))
});

function maker(body = geojson, init: ResponseInit = {}) {
	let made = 0;
	return {
		make: async () => {
			made++;
			return new Response(body, {
				status: 200,
				headers: { 'content-type': 'application/geo+json' },
				...init
			});
		},
		made: () => made
	};
}

const get = (headers: Record<string, string> = {}) =>
	new Request('http://atlas.test/api/v1/municipalities', { headers });
const always = () => true;

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, honouring q=0', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('identity')).toBe('identity');
		expect(chooseEncoding(null)).toBe('identity');
	});
});

describe('matchesIfNoneMatch', () => {
	it('matches any encoding of the same body, weak or strong, and *', () => {
		expect(matchesIfNoneMatch('"abc-br"', 'abc')).toBe(true);
		expect(matchesIfNoneMatch('W/"abc", "x"', 'abc')).toBe(true);
		expect(matchesIfNoneMatch('*', 'abc')).toBe(true);
		expect(matchesIfNoneMatch('"abcd"', 'abc')).toBe(false);
		expect(matchesIfNoneMatch(null, 'abc')).toBe(false);
	});
});

describe('ResponseCache', () => {
	it('makes an answer once per data version and serves it compressed with an ETag', async () => {
		const cache = new ResponseCache(10_000_000);
		const source = maker();
		const first = await cache.respond(get(), 'k', 'v1', source.make, always);
		const brotli = await cache.respond(
			get({ 'accept-encoding': 'gzip, br' }),
			'k',
			'v1',
			source.make,
			always
		);
		const gzip = await cache.respond(
			get({ 'accept-encoding': 'gzip' }),
			'k',
			'v1',
			source.make,
			always
		);
		expect(source.made()).toBe(1);
		expect(await first.text()).toBe(geojson);
		expect(brotli.headers.get('content-encoding')).toBe('br');
		expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).toString()).toBe(geojson);
		expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(geojson);
		expect(Number(brotli.headers.get('content-length'))).toBeLessThan(geojson.length / 4);
		const tags = [first, brotli, gzip].map((r) => r.headers.get('etag'));
		expect(new Set(tags).size).toBe(3);
		expect(first.headers.get('cache-control')).toBe('public, no-cache');
		expect(first.headers.get('vary')).toContain('Accept-Encoding');
		expect(cache.stats()).toMatchObject({ entries: 1, hits: 2, misses: 1 });
	});

	it('answers 304 without a body to a request naming the current ETag', async () => {
		const cache = new ResponseCache(10_000_000);
		const source = maker();
		const first = await cache.respond(get(), 'k', 'v1', source.make, always);
		const again = await cache.respond(
			get({ 'if-none-match': first.headers.get('etag')! }),
			'k',
			'v1',
			source.make,
			always
		);
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
	});

	it('makes the answer again after the data version changed, and the old ETag no longer matches', async () => {
		const cache = new ResponseCache(10_000_000);
		let body = geojson;
		const make = async () =>
			new Response(body, { headers: { 'content-type': 'application/geo+json' } });
		const before = await cache.respond(get(), 'k', 'v1', make, always);
		body = geojson.replace('"id":0', '"id":1000');
		const after = await cache.respond(
			get({ 'if-none-match': before.headers.get('etag')! }),
			'k',
			'v2',
			make,
			always
		);
		expect(after.status).toBe(200);
		expect(await after.text()).toContain('"id":1000');
	});

	it('lets concurrent requests for the same key share one making', async () => {
		const cache = new ResponseCache(10_000_000);
		const source = maker();
		const answers = await Promise.all(
			Array.from({ length: 20 }, () => cache.respond(get(), 'k', 'v1', source.make, always))
		);
		expect(source.made()).toBe(1);
		expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
	});

	it('passes on, and never keeps, an error or an answer the route did not mark public', async () => {
		const cache = new ResponseCache(10_000_000);
		const failing = maker('{"error":{}}', { status: 400 });
		expect((await cache.respond(get(), 'k', 'v1', failing.make, always)).status).toBe(400);
		await cache.respond(get(), 'k', 'v1', failing.make, always);
		expect(failing.made()).toBe(2);
		const personal = maker();
		await cache.respond(get(), 'p', 'v1', personal.make, () => false);
		await cache.respond(get(), 'p', 'v1', personal.make, () => false);
		expect(personal.made()).toBe(2);
		expect(cache.stats().entries).toBe(0);
	});

	it('drops the least recently used answers beyond its memory', async () => {
		const body = 'x'.repeat(500); // too small to compress: 500 bytes an answer
		const cache = new ResponseCache(2_000);
		const make = async () => new Response(body, { headers: { 'content-type': 'text/plain' } });
		for (const key of ['a', 'b', 'c']) await cache.respond(get(), key, 'v1', make, always);
		await cache.respond(get(), 'a', 'v1', make, always); // a is now the most recent
		await cache.respond(get(), 'd', 'v1', make, always);
		await cache.respond(get(), 'e', 'v1', make, always);
		expect(cache.stats().bytes).toBeLessThanOrEqual(2_000);
		const misses = cache.stats().misses;
		await cache.respond(get(), 'a', 'v1', make, always);
		expect(cache.stats().misses).toBe(misses); // a survived
		await cache.respond(get(), 'b', 'v1', make, always);
		expect(cache.stats().misses).toBe(misses + 1); // b was dropped
	});
});
