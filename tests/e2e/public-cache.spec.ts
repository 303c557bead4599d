import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { startAtlas } from '../support/server-process.ts';
import { signIn } from './accounts.ts';

type Collection = { features: { properties: { id: string } }[] };
const ids = (collection: Collection) => collection.features.map((f) => f.properties.id);

/** A planner's proposal, submitted, taken under review and adopted: the intervention's id. */
async function adoptProposal(planner: Page, reviewer: Page, title: string): Promise<string> {
	const { id } = await (
		await planner.request.post('/api/v1/proposals', {
			data: { title, geometry: LINE_LUCCA_CAPANNORI }
		})
	).json();
	const move = (page: Page, to: string, version: number) =>
		page.request.post(`/api/v1/proposals/${id}/transition`, { data: { to, version } });
	expect((await move(planner, 'submitted', 1)).status()).toBe(200);
	expect((await move(reviewer, 'under_review', 2)).status()).toBe(200);
	expect((await move(reviewer, 'adopted', 3)).status()).toBe(200);
	return (await (await reviewer.request.get(`/api/v1/proposals/${id}`)).json()).intervention_id;
}

test('public data comes compressed with an ETag, and an unchanged answer is a bodiless 304', async ({
	request
}) => {
	const first = await request.get('/api/v1/municipalities', {
		headers: { 'accept-encoding': 'br, gzip' }
	});
	expect(first.status()).toBe(200);
	expect(first.headers()['content-encoding']).toBe('br');
	expect(first.headers()['cache-control']).toBe('public, no-cache');
	expect(first.headers()['vary']).toContain('Accept-Encoding');
	expect(((await first.json()) as Collection).features).toHaveLength(33);
	const etag = first.headers()['etag'];
	expect(etag).toMatch(/^"[\w-]+-br"$/);

	const again = await request.get('/api/v1/municipalities', {
		headers: { 'accept-encoding': 'br, gzip', 'if-none-match': etag }
	});
	expect(again.status()).toBe(304);
	expect((await again.body()).byteLength).toBe(0);
	// Without compression the same data is a different representation with its own tag.
	const plain = await request.get('/api/v1/municipalities', {
		headers: { 'accept-encoding': 'identity' }
	});
	expect(plain.headers()['content-encoding']).toBeUndefined();
	expect(plain.headers()['etag']).not.toBe(etag);
});

test('a repeated public read is answered before SvelteKit, with the same bytes and headers', async ({
	request
}) => {
	const answeredEarly = async (): Promise<number> =>
		(await (await request.get('/api/v1/health')).json()).front_desk_answers;
	const withoutDate = (headers: Record<string, string>) => {
		const { date: _date, ...rest } = headers;
		return rest;
	};
	// A query of its own: the first request is certainly made by SvelteKit, the second is not.
	for (const url of [`/comuni/046007?prova=${Date.now()}`, '/api/v1/layers/districts']) {
		const made = await request.get(url, { headers: { 'accept-encoding': 'br, gzip' } });
		expect(made.status()).toBe(200);
		const before = await answeredEarly();
		const repeated = await request.get(url, { headers: { 'accept-encoding': 'br, gzip' } });
		expect(await answeredEarly()).toBeGreaterThan(before);
		expect(withoutDate(repeated.headers())).toEqual(withoutDate(made.headers()));
		expect(repeated.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(Buffer.compare(await repeated.body(), await made.body())).toBe(0);
	}
});

test('nothing is stale after a write: the next read shows an adopted proposal', async ({
	browser,
	request
}) => {
	const title = `Ciclabile della cache ${Date.now()}`;
	// Readers fill the cache first: the list, a search, the health's version.
	const listBefore = await request.get('/api/v1/interventions');
	const etagBefore = listBefore.headers()['etag'];
	const versionBefore = (await (await request.get('/api/v1/health')).json()).data_version;
	expect(await (await request.get(`/api/v1/search?q=${encodeURIComponent(title)}`)).json()).toEqual(
		expect.objectContaining({ groups: [] })
	);
	const capannoriBefore = await (await request.get('/comuni/046007')).text();
	expect(capannoriBefore).not.toContain(title);

	const planner = await browser.newPage();
	const reviewer = await browser.newPage();
	await signIn(planner, 'planner');
	await signIn(reviewer, 'reviewer');
	const interventionId = await adoptProposal(planner, reviewer, title);

	const listAfter = await request.get('/api/v1/interventions', {
		headers: { 'if-none-match': etagBefore }
	});
	expect(listAfter.status()).toBe(200);
	expect(ids(await listAfter.json())).toContain(interventionId);
	const found = await (await request.get(`/api/v1/search?q=${encodeURIComponent(title)}`)).json();
	expect(JSON.stringify(found.groups)).toContain(interventionId);
	expect(await (await request.get('/comuni/046007')).text()).toContain(title);
	expect((await (await request.get('/api/v1/health')).json()).data_version).not.toBe(versionBefore);
});

test('a proposal draft does not empty the public cache', async ({ page, request }) => {
	const before = await request.get('/api/v1/layers/districts');
	await signIn(page, 'planner');
	const saved = await page.request.post('/api/v1/proposals', {
		data: { title: 'Bozza che nessuno vede', geometry: LINE_LUCCA_CAPANNORI }
	});
	expect(saved.status()).toBe(201);
	const after = await request.get('/api/v1/layers/districts', {
		headers: { 'if-none-match': before.headers()['etag'] }
	});
	expect(after.status()).toBe(304);
});

test('pages are shared for anonymous readers and private for members', async ({
	page,
	request
}) => {
	const anonymous = await request.get('/comuni/046007');
	expect(anonymous.headers()['etag']).toBeTruthy();
	expect(anonymous.headers()['cache-control']).toBe('public, no-cache');
	await signIn(page, 'planner');
	const member = await page.request.get('/comuni/046007');
	expect(member.status()).toBe(200);
	expect(member.headers()['cache-control']).toBe('private, no-store');
	// Per-person API answers are never kept either.
	const mine = await page.request.get('/api/v1/proposals');
	expect(mine.headers()['cache-control']).toBe('private, no-store');
	expect(mine.headers()['etag']).toBeUndefined();
});

test('the health endpoint says the engine, the data version and the queue', async ({ request }) => {
	const response = await request.get('/api/v1/health');
	expect(response.status()).toBe(200);
	expect(response.headers()['cache-control']).toBe('no-store');
	const health = await response.json();
	expect(health).toMatchObject({
		status: 'ok',
		engine: 'pglite',
		queue: {
			concurrency: expect.any(Number),
			max_queue: expect.any(Number),
			queued: expect.any(Number)
		}
	});
	expect(health.data_version).toMatch(/^[0-9a-f-]{36}$/);
});

test('past its limits the server answers 503 with Retry-After in the reader’s language, never 500, and recovers', async () => {
	test.setTimeout(180_000);
	const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-busy-'));
	// A small queue (one page's queries fit), so that a burst of uncached reads overflows it.
	const atlas = await startAtlas({
		port: 4393,
		env: {
			ATLAS_PGLITE_DIR: dataDir,
			ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json',
			ATLAS_DB_MAX_QUEUE: '8',
			ATLAS_DB_MAX_WAIT_MS: '200'
		}
	});
	try {
		const burst = await Promise.all(
			Array.from({ length: 150 }, (_, i) =>
				fetch(`${atlas.url}/api/v1/search?q=lucca${i}${i % 2 ? '&lang=en' : ''}`).then(
					async (r) => ({
						status: r.status,
						retryAfter: r.headers.get('retry-after'),
						body: await r.json(),
						english: i % 2 === 1
					})
				)
			)
		);
		const statuses = new Set(burst.map((r) => r.status));
		expect([...statuses].sort()).toEqual([200, 503]);
		for (const busy of burst.filter((r) => r.status === 503)) {
			expect(Number(busy.retryAfter)).toBeGreaterThanOrEqual(1);
			expect(busy.body.error.code).toBe('busy');
			expect(busy.body.error.message).toContain(busy.english ? 'very busy' : 'molto richiesto');
		}
		const health = await (await fetch(`${atlas.url}/api/v1/health`)).json();
		expect(health.queue.refused).toBeGreaterThan(0);
		// Once the burst is over, everything is answered again.
		const after = await fetch(`${atlas.url}/api/v1/search?q=capannori`);
		expect(after.status).toBe(200);
	} finally {
		await atlas.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
