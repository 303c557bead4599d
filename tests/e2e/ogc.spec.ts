import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

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
