import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './accounts.ts';

type Feature = { id: string | number; properties: Record<string, unknown> };

/** Runs a GDAL tool; a missing GDAL fails the test (CI installs gdal-bin), it never skips. */
function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]): string {
	const run = spawnSync(tool, args, { encoding: 'utf8', timeout: 120_000 });
	if (run.error) throw new Error(`${tool} could not run: ${run.error.message}`);
	expect(run.status, `${tool} ${args.join(' ')}\n${run.stderr}`).toBe(0);
	return run.stdout;
}

test('GDAL lists every collection of the OGC API', async ({ request, baseURL }) => {
	const { collections } = await (await request.get('/ogc/collections')).json();
	const ids = (collections as { id: string }[]).map((c) => c.id);
	expect(ids).toEqual(
		expect.arrayContaining([
			'municipalities',
			'broadband',
			'bottlenecks',
			'districts',
			'interventions',
			'national-broadband'
		])
	);
	const listed = gdal('ogrinfo', ['-ro', '-so', `OAPIF:${baseURL}/ogc`]);
	for (const id of ids) expect(listed, id).toMatch(new RegExp(`^\\d+: ${id}\\b`, 'm'));
});

test('GDAL reads every feature of every collection, as many as the JSON API has', async ({
	request,
	baseURL
}) => {
	test.setTimeout(300_000);
	const { collections } = await (await request.get('/ogc/collections')).json();
	const dir = mkdtempSync(path.join(tmpdir(), 'atlas-oapif-'));
	try {
		for (const { id } of collections as { id: string }[]) {
			const api = await request.get(
				id === 'municipalities' ? '/api/v1/municipalities' : `/api/v1/layers/${id}`
			);
			const expected = ((await api.json()) as { features: unknown[] }).features.length;
			// A copy, not a count: GDAL answers COUNT(*) from numberMatched without reading a page.
			const file = path.join(dir, `${id}.geojson`);
			gdal('ogr2ogr', ['-f', 'GeoJSON', file, `OAPIF:${baseURL}/ogc`, id]);
			const copied = JSON.parse(readFileSync(file, 'utf8')) as { features: unknown[] };
			expect(copied.features.length, id).toBe(expected);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('GDAL copies the municipalities and the interventions to a GeoPackage with their attributes', async ({
	request,
	baseURL
}) => {
	const dir = mkdtempSync(path.join(tmpdir(), 'atlas-gpkg-'));
	try {
		const gpkg = path.join(dir, 'atlas.gpkg');
		gdal('ogr2ogr', [
			'-f',
			'GPKG',
			gpkg,
			`OAPIF:${baseURL}/ogc`,
			'municipalities',
			'interventions'
		]);
		const read = (layer: string) =>
			JSON.parse(gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, layer])) as {
				features: Feature[];
			};
		const api = (await (await request.get('/api/v1/municipalities')).json()) as {
			features: Feature[];
		};
		const copied = read('municipalities').features;
		expect(copied).toHaveLength(33);
		const byIstat = new Map(copied.map((f) => [f.properties.istat, f.properties]));
		for (const f of api.features) {
			const p = byIstat.get(f.properties.istat)!;
			expect(p, String(f.properties.istat)).toBeDefined();
			expect(p.name).toBe(f.properties.name);
			expect(p.population ?? null).toBe(f.properties.population);
			expect(p.area_km2 as number).toBeCloseTo(f.properties.area_km2 as number, 6);
		}
		const interventions = (await (await request.get('/api/v1/layers/interventions')).json()) as {
			features: Feature[];
		};
		const copiedInterventions = read('interventions').features;
		expect(copiedInterventions.length).toBe(interventions.features.length);
		expect(copiedInterventions.map((f) => f.properties.code).sort()).toEqual(
			interventions.features.map((f) => f.properties.code).sort()
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('the paging links walk every intervention once, with no gap', async ({ request }) => {
	const all = (await (await request.get('/api/v1/layers/interventions')).json()) as {
		features: Feature[];
	};
	const seen: string[] = [];
	let next: string | undefined = '/ogc/collections/interventions/items?limit=7';
	let matched = -1;
	for (let pages = 0; next && pages < 100; pages++) {
		const page = await (await request.get(next)).json();
		expect(page.numberReturned).toBe(page.features.length);
		matched = page.numberMatched;
		seen.push(...page.features.map((f: Feature) => String(f.id)));
		next = page.links.find((l: { rel: string }) => l.rel === 'next')?.href;
	}
	expect(new Set(seen).size).toBe(seen.length);
	expect(seen.length).toBe(all.features.length);
	expect(matched).toBe(all.features.length);
	expect(seen.sort()).toEqual(all.features.map((f) => String(f.properties.id ?? f.id)).sort());
});

test('items filter by bbox, municipality and time, and one item has its own address', async ({
	request
}) => {
	const near = await (
		await request.get('/ogc/collections/municipalities/items?bbox=10.45,43.8,10.55,43.88')
	).json();
	const codes = near.features.map((f: Feature) => f.properties.istat);
	expect(codes).toContain('046017');
	expect(codes.length).toBeLessThan(33);
	const inLucca = await (
		await request.get('/ogc/collections/interventions/items?istat=046017&limit=1000')
	).json();
	expect(inLucca.numberMatched).toBeGreaterThan(0);
	for (const f of inLucca.features as Feature[])
		expect((f.properties.municipalities as { istat: string }[]).map((m) => m.istat ?? m)).toContain(
			'046017'
		);
	const later = await (
		await request.get('/ogc/collections/interventions/items?datetime=2031-01-01/..&limit=1000')
	).json();
	for (const f of later.features as Feature[])
		expect((f.properties.end_year as number | null) ?? 9999).toBeGreaterThanOrEqual(2031);
	const one = await request.get('/ogc/collections/municipalities/items/46017');
	expect(one.status()).toBe(200);
	expect((await one.json()).properties.name).toBe('Lucca');
});

test('a parameter the API does not define is refused in the reader’s language', async ({
	request
}) => {
	const it = await request.get('/ogc/collections/municipalities/items?colour=red');
	expect(it.status()).toBe(400);
	expect((await it.json()).error.message).toContain('Parametro non valido: «colour»');
	const en = await request.get('/ogc/collections/municipalities/items?limit=0&lang=en');
	expect(en.status()).toBe(400);
	expect((await en.json()).error.message).toContain('Invalid parameter: "limit"');
	const missing = await request.get('/ogc/collections/nowhere/items');
	expect(missing.status()).toBe(404);
	expect((await missing.json()).error.message).toContain('municipalities');
	const conformance = await (await request.get('/ogc/conformance')).json();
	expect(conformance.conformsTo).toContain(
		'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson'
	);
	const openapi = await request.get('/ogc/api');
	expect(openapi.headers()['content-type']).toContain('application/vnd.oai.openapi+json');
	expect((await openapi.json()).paths).toHaveProperty(['/collections/interventions/items']);
});

test('a browser reads the OGC API as HTML, from the landing page down to one feature', async ({
	page,
	request
}) => {
	const { collections } = await (await request.get('/ogc/collections')).json();
	await page.goto('/ogc');
	await expect(page.locator('h1')).toHaveText('Atlante Lucca 2030 – OGC API Features');
	await page.getByRole('link', { name: 'Collezioni' }).click();
	await expect(page.locator('[data-collections] tbody tr')).toHaveCount(collections.length);
	await page.locator('[data-collection="municipalities"] th a').click();
	await expect(page.locator('[data-extent]')).toHaveText(
		/^10\.\d{4}, 43\.\d{4}, 10\.\d{4}, 44\.\d{4}$/
	);
	await page.getByRole('link', { name: 'Sfoglia gli elementi' }).click();
	await expect(page.locator('[data-range]')).toHaveText('Elementi 1–33 di 33');
	await expect(page.locator('[data-items] tbody tr')).toHaveCount(33);
	await page.screenshot({ path: 'test-results/ogc-items.png', fullPage: true });
	await page
		.locator('[data-items] tbody tr', {
			has: page.getByRole('cell', { name: 'Lucca', exact: true })
		})
		.locator('th a')
		.click();
	await expect(page.locator('h1')).toHaveText('Lucca');
	await expect(page.getByRole('link', { name: 'Vedi sull’atlante' })).toHaveAttribute(
		'href',
		'/comuni/046017'
	);
	await page.screenshot({ path: 'test-results/ogc-feature.png', fullPage: true });
});

test('the HTML pages page through the interventions as the GeoJSON does', async ({
	page,
	request
}) => {
	const json = await (await request.get('/ogc/collections/interventions/items?limit=10')).json();
	await page.goto('/ogc/collections/interventions/items?f=html&limit=10&lang=en');
	await expect(page.locator('[data-range]')).toHaveText(
		`Features 1–10 of ${json.numberMatched.toLocaleString('en-GB')}`
	);
	const ids = async () => page.locator('[data-items] tbody th a').allTextContents();
	expect(await ids()).toEqual(json.features.map((f: Feature) => String(f.id)));
	await page.getByRole('link', { name: 'Next →' }).click();
	await expect(page.locator('[data-range]')).toHaveText(/^Features 11–/);
	const second = await (
		await request.get('/ogc/collections/interventions/items?limit=10&offset=10')
	).json();
	expect(await ids()).toEqual(second.features.map((f: Feature) => String(f.id)));
	await expect(page.getByRole('link', { name: '← Previous' })).toBeVisible();
});

test('one address answers HTML to a browser and JSON to a program, and the cache keeps them apart', async ({
	request
}) => {
	const address = '/ogc/collections/districts/items';
	const html = await request.get(address, { headers: { accept: 'text/html,*/*;q=0.8' } });
	expect(html.headers()['content-type']).toContain('text/html');
	expect(html.headers()['vary']).toMatch(/\bAccept\b/);
	for (const accept of ['*/*', 'application/geo+json', 'text/html;q=0.5,application/json']) {
		const answer = await request.get(address, { headers: { accept } });
		expect(answer.headers()['content-type'], accept).toContain('application/geo+json');
		expect(answer.headers()['vary'], accept).toMatch(/\bAccept\b/);
		expect((await answer.json()).type).toBe('FeatureCollection');
	}
	const asked = await request.get(`${address}?f=html`);
	expect(asked.headers()['content-type']).toContain('text/html');
	const forced = await request.get(`${address}?f=json`, { headers: { accept: 'text/html' } });
	expect((await forced.json()).type).toBe('FeatureCollection');
	const conformance = await (await request.get('/ogc/conformance')).json();
	expect(conformance.conformsTo).toContain(
		'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html'
	);
	const districts = (await (await request.get('/ogc/collections/districts')).json()).links as {
		rel: string;
		href: string;
	}[];
	const enclosures = districts.filter((l) => l.rel === 'enclosure');
	expect(enclosures.map((l) => new URL(l.href).pathname)).toEqual([
		'/api/v1/layers/districts/download.geojson',
		'/api/v1/layers/districts/download.csv',
		'/api/v1/layers/districts/download.kml'
	]);
	for (const enclosure of enclosures)
		expect((await request.get(enclosure.href)).status(), enclosure.href).toBe(200);
	const links = (await (await request.get('/ogc')).json()).links as { rel: string; type: string }[];
	expect(links).toContainEqual(expect.objectContaining({ rel: 'alternate', type: 'text/html' }));
});

test('an unknown collection or feature gets the error page in the reader’s language', async ({
	page
}) => {
	const it = await page.goto('/ogc/collections/nowhere?f=html');
	expect(it!.status()).toBe(404);
	await expect(page.locator('main')).toContainText('Nessuna collezione «nowhere»');
	const en = await page.goto('/ogc/collections/municipalities/items/999?f=html&lang=en');
	expect(en!.status()).toBe(404);
	await expect(page.locator('main')).toContainText(
		'No feature "999" in collection "municipalities"'
	);
	const bad = await page.goto('/ogc/collections/municipalities/items?f=html&colour=red&lang=it');
	expect(bad!.status()).toBe(400);
	await expect(page.locator('main')).toContainText('Parametro non valido: «colour»');
});

test('a new observation is in the OGC collection at once, though pages are kept between writes', async ({
	page
}) => {
	const count = async () =>
		(await (await page.request.get('/ogc/collections/observations/items?limit=1')).json())
			.numberMatched as number;
	const before = await count();
	expect(await count()).toBe(before);
	await signIn(page, 'stakeholder');
	const posted = await page.request.post('/api/v1/observations', {
		data: {
			title: 'Fermata dell’autobus senza pensilina',
			body: 'Si aspetta sotto la pioggia.',
			category: 'infrastructure',
			geometry: { type: 'Point', coordinates: [10.51, 43.85] }
		},
		headers: { origin: new URL(page.url()).origin }
	});
	expect(posted.status()).toBe(201);
	const id = String((await posted.json()).id);
	expect(await count()).toBe(before + 1);
	const one = await page.request.get(`/ogc/collections/observations/items/${id}`);
	expect((await one.json()).properties.title).toBe('Fermata dell’autobus senza pensilina');
});
