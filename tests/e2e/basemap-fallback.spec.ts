import { expect, test } from '@playwright/test';
import { FILL_LAYER, renderedIstatCodes, waitForMapIdle } from './helpers.ts';

const BASEMAP = 'https://basemap.invalid/**';

async function expectNoErrorShown(page: import('@playwright/test').Page) {
	await expect(page.locator('.status')).toHaveCount(0);
	await expect(page.getByText(/errore|error|failed/i)).toHaveCount(0);
}

test('an unreachable basemap falls back to the offline style, silently', async ({ page }) => {
	await page.route(BASEMAP, (route) => route.abort('namenotresolved'));
	await page.goto('/');
	await waitForMapIdle(page);
	await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'offline');
	const land = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return map.queryRenderedFeatures({ layers: ['land'] }).length;
	});
	expect(land).toBeGreaterThan(0);
	await expectNoErrorShown(page);
	await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText(
		'Confini: ISTAT, CC BY 4.0 (via Openpolis)'
	);
});

test('a basemap that never answers is given up within a few seconds', async ({ page }) => {
	await page.route(BASEMAP, () => {
		/* never answer */
	});
	const started = Date.now();
	await page.goto('/');
	await waitForMapIdle(page);
	expect(Date.now() - started).toBeLessThan(15_000);
	await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'offline');
	expect(await renderedIstatCodes(page, FILL_LAYER)).toHaveLength(33);
	await expectNoErrorShown(page);
});

test('a reachable basemap is used, with the municipalities drawn over it', async ({ page }) => {
	const style = {
		version: 8,
		sources: {},
		layers: [
			{ id: 'online-background', type: 'background', paint: { 'background-color': '#dde7d0' } }
		]
	};
	await page.route(BASEMAP, (route) => route.fulfill({ json: style }));
	await page.goto('/');
	await waitForMapIdle(page);
	await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'online');
	const layerIds = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return map.getStyle().layers.map((l) => l.id);
	});
	expect(layerIds[0]).toBe('online-background');
	expect(await renderedIstatCodes(page, FILL_LAYER)).toHaveLength(33);
});
