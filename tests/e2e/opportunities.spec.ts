import { expect, test } from '@playwright/test';
import { italianNumber } from './helpers.ts';

type Result = { properties: { rank: number; id: string; kind: string; ftth_share: number | null } };

/** "63,4" as the Italian table writes it → 63.4 */
const italian = (text: string) => Number(text.trim().replaceAll('.', '').replace(',', '.'));

test('an investor finds locations with at least 60% FTTH, ranked on the table and the map, and downloads them', async ({
	page,
	request
}) => {
	const api = await (await request.get('/api/v1/opportunities?min_ftth=60')).json();
	const expected = (api.features as Result[]).map((f) => f.properties.id);
	expect(expected.length).toBeGreaterThan(0);
	await page.goto('/opportunita');
	await page.getByLabel('Copertura FTTH minima (% famiglie)').fill('60');
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page).toHaveURL(/min_ftth=60/);
	const rows = page.locator('table.results tbody tr');
	await expect(rows).toHaveCount(expected.length);
	expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(
		expected
	);
	const shares = (await page.locator('table.results [data-ftth]').allInnerTexts()).map(italian);
	for (const share of shares) expect(share).toBeGreaterThanOrEqual(60);
	// Ranked: highest coverage first.
	expect([...shares].sort((a, b) => b - a)).toEqual(shares);
	await expect(page.locator('figure.map .mark')).toHaveCount(expected.length);
	await page.screenshot({ path: 'test-results/finder-ftth-60.png', fullPage: true });

	const [csvDownload] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('a[data-format="csv"]').click()
	]);
	const csv = await (await csvDownload.createReadStream()).toArray();
	const lines = Buffer.concat(csv).toString('utf8').trim().split('\r\n');
	expect(lines[0].split(',').slice(0, 4)).toEqual(['rank', 'kind', 'id', 'name']);
	expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(expected);

	const [geoDownload] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('a[data-format="geojson"]').click()
	]);
	const geojson = JSON.parse(
		Buffer.concat(await (await geoDownload.createReadStream()).toArray()).toString('utf8')
	);
	expect(geojson.type).toBe('FeatureCollection');
	expect((geojson.features as Result[]).map((f) => [f.properties.rank, f.properties.id])).toEqual(
		expected.map((id, index) => [index + 1, id])
	);
	expect(geojson.features[0].geometry.type).toBe('Point');
});

test('the finder filters by sector and by distance to a station', async ({ request }) => {
	const paper = await (
		await request.get('/api/v1/opportunities?sector=paper&kind=municipality')
	).json();
	expect(paper.features.length).toBeGreaterThan(5);
	for (const f of paper.features) expect(f.properties.sectors).toContain('paper');
	const near = await (
		await request.get('/api/v1/opportunities?max_station_km=0&sort=station')
	).json();
	for (const f of near.features) expect(f.properties.station_km).toBe(0);
});

test('a bad filter is named in Italian and changes nothing', async ({ page, request }) => {
	const bad = await request.get('/api/v1/opportunities?min_ftth=200&lang=it');
	expect(bad.status()).toBe(400);
	expect((await bad.json()).error.message).toContain('«min_ftth»');
	await page.goto('/opportunita?min_ftth=duecento');
	await expect(page.getByRole('alert')).toContainText('«min_ftth»');
	await expect(page.locator('table.results')).toHaveCount(0);
});

test('regression: a threshold typed before the page hydrates is kept (form reset on hydration)', async ({
	page
}) => {
	// Hold the app's scripts back so the person types into the server-rendered form first.
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await released;
		await route.continue();
	});
	await page.goto('/opportunita', { waitUntil: 'commit' });
	await page.getByLabel('Copertura FTTH minima (% famiglie)').fill('60');
	release();
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
	await expect(page.getByLabel('Copertura FTTH minima (% famiglie)')).toHaveValue('60');
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page).toHaveURL(/min_ftth=60/);
});

test('the finder places each location among the municipalities of Tuscany and of Italy', async ({
	page,
	request
}) => {
	const lucca = await (await request.get('/api/v1/municipalities/046017')).json();
	const ftth = lucca.national.rows.find((r: { indicator: string }) => r.indicator === 'ftth_share');
	const found = await (await request.get('/api/v1/opportunities?kind=municipality')).json();
	const row = found.features.find(
		(f: { properties: { id: string } }) => f.properties.id === '046017'
	).properties;
	expect(row.ftth_percentile_region).toBeCloseTo(ftth.region.percentile, 9);
	expect(row.ftth_percentile_italy).toBeCloseTo(ftth.italy.percentile, 9);
	// A location with no reliable share has no percentile either.
	const unknown = found.features.find(
		(f: { properties: { ftth_share: number | null } }) => f.properties.ftth_share === null
	).properties;
	expect([unknown.ftth_percentile_region, unknown.ftth_percentile_italy]).toEqual([null, null]);
	await page.goto('/opportunita');
	await expect(page.locator('table.results thead')).toContainText('Percentile in Toscana');
	await expect(page.locator('tr[data-id="046017"] [data-percentile-italy]')).toHaveText(
		italianNumber(ftth.italy.percentile, 0)
	);
	await expect(page.locator('[data-national-note]')).toContainText('rilevazione al 30/06/2025');
});
