import { expect, test } from '@playwright/test';
import { basemapUnreachable, waitForMapIdle } from './helpers.ts';

test.beforeEach(async ({ page }) => basemapUnreachable(page));

type Rendered = { istat: string; province: string; region: string; share: number | null };

/** The national features drawn in a map layer, from the vector tiles actually rendered. */
function renderedNational(page: import('@playwright/test').Page, layer: string) {
	return page.evaluate((layerId) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return map.queryRenderedFeatures({ layers: [layerId] }).map((f) => ({
			istat: String(f.properties.istat),
			province: String(f.properties.province_code),
			region: String(f.properties.region_code),
			share: (f.properties.ftth_share as number | undefined) ?? null
		}));
	}, layer) as Promise<Rendered[]>;
}

test('the national view draws Italy from vector tiles around the province, with its legend and sources', async ({
	page,
	request
}) => {
	await page.goto('/?layers=national-broadband&lat=42.5&lon=12.5&z=5.5');
	await waitForMapIdle(page);
	await expect
		.poll(async () => (await renderedNational(page, 'national-broadband-fill')).length, {
			timeout: 20_000
		})
		.toBeGreaterThan(3000);
	const drawn = await renderedNational(page, 'national-broadband-fill');
	// The province is drawn by its own layers, never by the context.
	expect(drawn.filter((f) => f.province === '046')).toEqual([]);
	expect(new Set(drawn.map((f) => f.region)).size).toBeGreaterThanOrEqual(18);
	// A rendered share is the one the layer's GeoJSON gives the same municipality.
	const geojson = await (
		await request.get('/api/v1/layers/national-broadband?bbox=11.0,43.6,11.4,43.9')
	).json();
	const florence = geojson.features.find(
		(f: { properties: { istat: string } }) => f.properties.istat === '048017'
	).properties;
	const tile = drawn.find((f) => f.istat === '048017')!;
	expect(tile.share).toBeCloseTo(florence.ftth_share, 6);
	const panel = page.locator('li[data-layer="national-broadband"]');
	await expect(panel.locator('.legend')).toContainText('da 20% a meno di 40%');
	await expect(panel.locator('[data-context-note]')).toContainText('30/06/2025');
	await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('AGCOM');
	await page.screenshot({ path: 'test-results/national-view.png' });
});

test('zoomed on the province, the context surrounds it and the province keeps its own layer', async ({
	page
}) => {
	await page.goto('/?layers=national-pnrr,broadband&lat=43.95&lon=10.45&z=8.5');
	await waitForMapIdle(page);
	await expect
		.poll(async () => (await renderedNational(page, 'national-pnrr-fill')).length, {
			timeout: 20_000
		})
		.toBeGreaterThan(50);
	const drawn = await renderedNational(page, 'national-pnrr-fill');
	expect(drawn.some((f) => f.province === '046')).toBe(false);
	// Neighbouring provinces of Tuscany (Massa-Carrara) and Emilia-Romagna (region 08) are in view.
	expect(drawn.some((f) => f.province === '045')).toBe(true);
	expect(drawn.map((f) => f.region)).toContain('08');
	const broadband = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return map.queryRenderedFeatures({ layers: ['broadband-fill'] }).length;
	});
	expect(broadband).toBeGreaterThan(0);
	const legend = page.locator('li[data-layer="national-pnrr"] .legend');
	await expect(legend).toContainText('2–3');
	await expect(legend).toContainText('10 e oltre');
	await page.screenshot({ path: 'test-results/national-over-province.png' });
});
