import { expect, test } from '@playwright/test';
import {
	basemapUnreachable,
	FILL_LAYER,
	italianNumber,
	LABEL_LAYER,
	profileOf,
	renderedIstatCodes,
	screenPoint,
	waitForMapIdle
} from './helpers.ts';

test.beforeEach(async ({ page }) => basemapUnreachable(page));

test('the map draws all 33 municipalities of the province with their names', async ({
	page,
	request
}) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const collection = await (await request.get('/api/v1/municipalities')).json();
	const expected = collection.features
		.map((f: { properties: { istat: string } }) => f.properties.istat)
		.sort();
	expect(expected).toHaveLength(33);
	expect(await renderedIstatCodes(page, FILL_LAYER)).toEqual(expected);
	// Labels need glyphs: served by the atlas itself, so they draw offline too.
	expect((await renderedIstatCodes(page, LABEL_LAYER)).length).toBeGreaterThan(20);
	await page.screenshot({ path: 'test-results/atlas.png' });
});

test('hovering a municipality highlights it', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const lucca = await profileOf(page, '046017');
	const point = await screenPoint(page, lucca.label_point);
	await page.mouse.move(point.x, point.y);
	await expect
		.poll(() =>
			page.evaluate(() => {
				const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
				return map.getFeatureState({ source: 'municipalities', id: '046017' }).hover;
			})
		)
		.toBe(true);
});

test('clicking a municipality opens its panel with name, area and residents', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const capannori = await profileOf(page, '046007');
	const point = await screenPoint(page, capannori.label_point);
	await page.mouse.click(point.x, point.y);
	const panel = page.locator('#municipality-panel');
	await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Capannori');
	await expect(panel.locator('[data-fact="area"]')).toContainText(
		`${italianNumber(capannori.area_km2, 2)} km²`
	);
	await expect(panel.locator('[data-fact="istat"]')).toHaveText('046007');
	await expect(panel.locator('[data-fact="population"]')).toHaveText(
		italianNumber(capannori.population!)
	);
	await expect(panel.getByRole('link', { name: /Scheda del comune/ })).toHaveAttribute(
		'href',
		'/comuni/046007'
	);
	await expect(page).toHaveURL(/comune=046007/);
	await waitForMapIdle(page);
	await page.screenshot({ path: 'test-results/atlas-capannori.png' });
});

test('the URL keeps centre, zoom and selection, and a reload restores them', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	await page.locator('#municipality-picker').selectOption('046033');
	await expect(page.locator('#municipality-panel h2')).toHaveText('Viareggio');
	await waitForMapIdle(page);
	await expect(page).toHaveURL(/comune=046033/);
	await expect(page).toHaveURL(/z=/);
	const before = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return { center: map.getCenter().toArray(), zoom: map.getZoom() };
	});
	const url = page.url();
	await page.goto(url);
	await waitForMapIdle(page);
	await expect(page.locator('#municipality-panel h2')).toHaveText('Viareggio');
	const after = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return { center: map.getCenter().toArray(), zoom: map.getZoom() };
	});
	expect(after.zoom).toBeCloseTo(before.zoom, 1);
	expect(after.center[0]).toBeCloseTo(before.center[0], 3);
	expect(after.center[1]).toBeCloseTo(before.center[1], 3);
	const selected = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return map.getFeatureState({ source: 'municipalities', id: '046033' }).selected;
	});
	expect(selected).toBe(true);
});

test('the language switch turns the atlas to English and keeps the view', async ({ page }) => {
	await page.goto('/?comune=046017');
	await waitForMapIdle(page);
	await expect(page.locator('html')).toHaveAttribute('lang', 'it');
	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('#municipality-panel dt').first()).toHaveText('ISTAT code');
	await expect(page).toHaveURL(/comune=046017/);
	await page.getByRole('link', { name: 'Passa all’italiano' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'it');
});
