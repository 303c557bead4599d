import { describe, expect, it } from 'vitest';
import { fetchOnlineStyle } from '../../src/lib/map/basemap.ts';

const style = { version: 8, sources: {}, layers: [] };

describe('fetchOnlineStyle', () => {
	it('returns the style when the basemap answers', async () => {
		const fetcher = (async () => new Response(JSON.stringify(style))) as typeof fetch;
		expect(await fetchOnlineStyle('https://basemap.test/style.json', 1000, fetcher)).toEqual(style);
	});
	it('falls back (undefined) when the network fails', async () => {
		const fetcher = (async () => {
			throw new TypeError('Failed to fetch');
		}) as typeof fetch;
		expect(
			await fetchOnlineStyle('https://basemap.test/style.json', 1000, fetcher)
		).toBeUndefined();
	});
	it('falls back when the basemap does not answer in time', async () => {
		const fetcher = ((_: unknown, init?: RequestInit) =>
			new Promise((_, reject) =>
				init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
			)) as typeof fetch;
		const started = Date.now();
		expect(await fetchOnlineStyle('https://basemap.test/style.json', 200, fetcher)).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(2000);
	});
	it('falls back on an error status or something that is not a style', async () => {
		const notFound = (async () => new Response('nope', { status: 404 })) as typeof fetch;
		const notStyle = (async () => new Response('{"hello":1}')) as typeof fetch;
		expect(await fetchOnlineStyle('https://basemap.test/a', 1000, notFound)).toBeUndefined();
		expect(await fetchOnlineStyle('https://basemap.test/b', 1000, notStyle)).toBeUndefined();
	});
});
