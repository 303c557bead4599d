import { expect, test, type Page } from '@playwright/test';
import { sheetPixels } from '../../src/lib/map/sheet.ts';
import {
	FILL_LAYER,
	expectMunicipalityWithin,
	profileOf,
	screenPoint,
	waitForMapIdle
} from './helpers.ts';
import { Fingers, PHONE, mapShare, settledSheet, visibleMapRect } from './phone.ts';

test.use(PHONE);

const LUCCA = '046017';

/** The sheet's resting height in px, as the page computes it from the measured search bar. */
async function expectedSheetPx(page: Page, height: 'peek' | 'half' | 'full') {
	const top = (await page.locator('.top').boundingBox())!;
	return sheetPixels(height, PHONE.viewport.height, top.y + top.height);
}

/** The handle's centre, where a thumb takes the sheet. */
async function handleCentre(page: Page) {
	const box = (await page.locator('[data-sheet-handle]').boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('on a phone the map comes first: at peek it fills at least 70% of the screen', async ({
	page
}) => {
	await page.goto('/?layers=broadband,districts');
	await waitForMapIdle(page);
	const sheet = await settledSheet(page, 'peek');
	expect(Math.abs(sheet.height - (await expectedSheetPx(page, 'peek')))).toBeLessThanOrEqual(1);
	// The search sits on top, the legend and its title line in the sheet's visible part.
	const search = (await page.locator('.top .search').boundingBox())!;
	expect(search.y).toBeLessThan(20);
	await expect(page.locator('[data-sheet-handle] .title')).toHaveText('Legenda e livelli');
	const legend = (await page.locator('.key [data-layer-key="districts"]').boundingBox())!;
	expect(legend.y).toBeLessThan(PHONE.viewport.height);
	expect(legend.y).toBeGreaterThan(sheet.y);
	// The panel of layers is not over the map: it waits below, in the sheet.
	const layersPanel = (await page.locator('#layers-title').boundingBox())!;
	expect(layersPanel.y).toBeGreaterThan(sheet.y);
	const share = await mapShare(page);
	console.log(`phone peek: map ${(share.map * 100).toFixed(1)}% of the screen`);
	expect(share.map).toBeGreaterThanOrEqual(0.7);
	// The map's zoom buttons ride above the sheet, in reach of a thumb.
	const zoomIn = (await page.locator('.maplibregl-ctrl-zoom-in').boundingBox())!;
	expect(zoomIn.y + zoomIn.height).toBeLessThanOrEqual(sheet.y);
	await page.screenshot({ path: 'test-results/phone-peek.png' });
});

test('tapping a municipality opens its card at half height, the municipality framed above it', async ({
	page
}) => {
	await page.goto('/?layers=broadband');
	await waitForMapIdle(page);
	const lucca = await profileOf(page, LUCCA);
	const point = await screenPoint(page, lucca.label_point);
	await page.touchscreen.tap(point.x, point.y);
	await expect(page.locator(`.cards aside[data-istat="${LUCCA}"]`)).toBeVisible();
	const sheet = await settledSheet(page, 'half');
	expect(Math.abs(sheet.height - (await expectedSheetPx(page, 'half')))).toBeLessThanOrEqual(1);
	await waitForMapIdle(page);
	// The card's title is in the sheet's visible part.
	const title = (await page.locator('#municipality-panel-title').boundingBox())!;
	expect(title.y).toBeGreaterThan(sheet.y);
	expect(title.y + title.height).toBeLessThan(PHONE.viewport.height);

	const share = await mapShare(page);
	console.log(`phone half with a card: map ${(share.map * 100).toFixed(1)}% of the screen`);
	expect(share.map).toBeGreaterThanOrEqual(0.4);

	// Lucca is drawn in the part of the map the search bar and the sheet leave, all of it.
	const visible = await visibleMapRect(page);
	const drawn = await page.evaluate(
		({ rect, layer, istat }) => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const inView = map.queryRenderedFeatures(
				[
					[rect.left, rect.top],
					[rect.right, rect.bottom]
				],
				{ layers: [layer] }
			);
			const everywhere = map.queryRenderedFeatures({ layers: [layer] });
			return {
				inView: inView.some((f) => f.properties.istat === istat),
				selected: everywhere
					.filter((f) => f.properties.istat === istat)
					.map((f) => map.getFeatureState({ source: f.source, id: f.id }).selected)
			};
		},
		{ rect: visible, layer: FILL_LAYER, istat: LUCCA }
	);
	expect(drawn.inView).toBe(true);
	expect(drawn.selected).toContain(true);
	await expectMunicipalityWithin(page, LUCCA, visible);
	await page.screenshot({ path: 'test-results/phone-half-card.png' });

	// Closing the card lowers the sheet back to peek.
	await page.getByRole('button', { name: 'Chiudi', exact: true }).tap();
	await settledSheet(page, 'peek');
});

test('a place tapped low on the screen opens its card and moves up into view', async ({ page }) => {
	const poles = (await (await page.request.get('/api/v1/layers/technology-poles')).json())
		.features as { geometry: { coordinates: [number, number] }; properties: { id: string } }[];
	const pole = poles[0];
	await page.goto('/?layers=technology-poles');
	await waitForMapIdle(page);
	// The pole 150 px below the centre, where the half-height sheet will come up (and clear of the
	// peek sheet's handle, which a tap so close to would reach: touch targets are fuzzy).
	await page.evaluate((center) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		map.jumpTo({ center, zoom: 12 });
		map.panBy([0, -150], { animate: false });
	}, pole.geometry.coordinates);
	await waitForMapIdle(page);
	const before = await screenPoint(page, pole.geometry.coordinates);
	expect(before.y).toBeGreaterThan(PHONE.viewport.height - (await expectedSheetPx(page, 'half')));
	await page.touchscreen.tap(before.x, before.y);
	await expect(page.locator(`#feature-panel[data-feature="${pole.properties.id}"]`)).toBeVisible();
	await settledSheet(page, 'half');
	await waitForMapIdle(page);
	const after = await screenPoint(page, pole.geometry.coordinates);
	const visible = await visibleMapRect(page);
	expect(after.y).toBeGreaterThan(visible.top);
	expect(after.y).toBeLessThan(visible.bottom);
});

test('the sheet follows a thumb: dragged up to half, flicked to full, dragged down to peek', async ({
	page
}) => {
	await page.goto('/');
	await waitForMapIdle(page);
	await settledSheet(page, 'peek');
	const fingers = await Fingers.on(page);
	const half = await expectedSheetPx(page, 'half');
	const full = await expectedSheetPx(page, 'full');

	// Slowly up to about half height: it settles on half.
	let from = await handleCentre(page);
	await fingers.drag(
		from,
		{ x: from.x, y: PHONE.viewport.height - half - 20 },
		{ steps: 20, stepMs: 80 }
	);
	let sheet = await settledSheet(page, 'half');
	expect(Math.abs(sheet.height - half)).toBeLessThanOrEqual(1);

	// A short quick flick upwards goes on to full.
	from = await handleCentre(page);
	await fingers.drag(from, { x: from.x, y: from.y - 100 }, { steps: 4, stepMs: 10 });
	sheet = await settledSheet(page, 'full');
	expect(Math.abs(sheet.height - full)).toBeLessThanOrEqual(1);
	const share = await mapShare(page);
	console.log(`phone full: map ${(share.map * 100).toFixed(1)}% of the screen`);
	expect(share.map).toBeLessThan(0.05);
	// At full height the sheet reaches the search bar and the layer switches are in reach.
	await expect(
		page.getByRole('checkbox', { name: 'Mostra il livello Distretti industriali' })
	).toBeInViewport();

	// Slowly down to the bottom: back to peek.
	from = await handleCentre(page);
	await fingers.drag(from, { x: from.x, y: PHONE.viewport.height - 40 }, { steps: 20, stepMs: 80 });
	sheet = await settledSheet(page, 'peek');
	expect(Math.abs(sheet.height - (await expectedSheetPx(page, 'peek')))).toBeLessThanOrEqual(1);
});

test('the sheet moves by keyboard and says its height to a screen reader', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const handle = page.locator('[data-sheet-handle]');
	await expect(handle).toHaveAttribute('aria-label', /^Legenda e livelli, pannello ridotto/);
	await expect(handle).toHaveAttribute('aria-controls', 'atlas-sheet');
	await handle.focus();
	await page.keyboard.press('Enter');
	await settledSheet(page, 'half');
	await expect(handle).toHaveAttribute('aria-label', /pannello a metà schermo/);
	await page.keyboard.press('ArrowUp');
	await settledSheet(page, 'full');
	await expect(handle).toHaveAttribute('aria-label', /pannello a tutto schermo/);
	await page.keyboard.press('ArrowDown');
	await settledSheet(page, 'half');
	await page.keyboard.press('ArrowDown');
	await settledSheet(page, 'peek');
	// Space cycles like a tap; from full it goes back down to peek.
	for (const next of ['half', 'full', 'peek'] as const) {
		await page.keyboard.press(' ');
		await settledSheet(page, next);
	}
	await expect(handle).toBeFocused();
});

test('two fingers zoom the map and never rotate it; one finger pans it', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const read = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			return {
				zoom: map.getZoom(),
				bearing: map.getBearing(),
				pitch: map.getPitch(),
				centre: map.getCenter()
			};
		});
	const before = await read();
	const fingers = await Fingers.on(page);
	const c = { x: 195, y: 360 };
	// Pinch out.
	await fingers.gesture([
		{ from: { x: c.x - 40, y: c.y }, to: { x: c.x - 120, y: c.y } },
		{ from: { x: c.x + 40, y: c.y }, to: { x: c.x + 120, y: c.y } }
	]);
	await waitForMapIdle(page);
	const pinched = await read();
	expect(pinched.zoom).toBeGreaterThan(before.zoom + 0.5);
	// Turn two fingers a quarter round: the map stays north up.
	await fingers.gesture([
		{ from: { x: c.x - 80, y: c.y }, to: { x: c.x, y: c.y - 80 } },
		{ from: { x: c.x + 80, y: c.y }, to: { x: c.x, y: c.y + 80 } }
	]);
	await waitForMapIdle(page);
	const turned = await read();
	expect(turned.bearing).toBe(0);
	expect(turned.pitch).toBe(0);
	// One finger pans.
	await fingers.drag({ x: c.x, y: c.y }, { x: c.x + 100, y: c.y + 60 }, { stepMs: 30 });
	await waitForMapIdle(page);
	const panned = await read();
	expect(panned.centre.lng).toBeLessThan(turned.centre.lng);
	expect(panned.zoom).toBeCloseTo(turned.zoom, 5);
});

test('a mayor reaches the comune report from the phone and prints it', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const lucca = await profileOf(page, LUCCA);
	const point = await screenPoint(page, lucca.label_point);
	await page.touchscreen.tap(point.x, point.y);
	await settledSheet(page, 'half');
	const link = page.getByRole('link', { name: /Scheda del comune/ });
	await link.scrollIntoViewIfNeeded();
	await link.tap();
	await expect(page).toHaveURL(new RegExp(`/comuni/${LUCCA}`));
	// The report fits the phone's width, and its print button is in reach.
	const print = page.getByRole('button', { name: 'Stampa / Salva PDF' });
	await expect(print).toBeVisible();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(PHONE.viewport.width);
	await page.emulateMedia({ media: 'print' });
	await expect(print).toBeHidden();
	await expect(page.locator('.small-map svg')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Fonti' })).toBeVisible();
	const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
	expect(pages).toBeGreaterThanOrEqual(1);
	expect(pages).toBeLessThanOrEqual(6);
});

test.describe('a small phone (360×640)', () => {
	test.use({ viewport: { width: 360, height: 640 } });

	test('at peek the map still fills at least 70% of the screen', async ({ page }) => {
		await page.goto('/?layers=districts');
		await waitForMapIdle(page);
		await settledSheet(page, 'peek');
		const share = await mapShare(page);
		console.log(`small phone peek: map ${(share.map * 100).toFixed(1)}% of the screen`);
		expect(share.map).toBeGreaterThanOrEqual(0.7);
	});
});
