import { expect, test, type Page } from '@playwright/test';
import {
	italianAtlasWords,
	italianWordsIn,
	ownerNames,
	readAtlasTexts
} from '../support/italian-words.ts';
import { basemapUnreachable, waitForMapIdle } from './helpers.ts';

const data = readAtlasTexts();
const italian = italianAtlasWords(data);
const names = ownerNames(data);
/** Layers of several kinds at once: a choropleth, points, lines, areas. */
const SHOWN = ['broadband', 'bottlenecks', 'districts', 'technology-poles', 'puccini'];

test.beforeEach(async ({ page }) => basemapUnreachable(page));

const attributionText = (page: Page) =>
	page.locator('.maplibregl-ctrl-attrib-inner').evaluate((e) => e.textContent ?? '');

test('the English attribution has no Italian words from the atlas’s own strings', async ({
	page
}) => {
	await page.goto(`/?lang=en&layers=${SHOWN.join(',')}`);
	await waitForMapIdle(page);
	const attribution = page.locator('.maplibregl-ctrl-attrib-inner');
	// Every layer's line is there before it is read (each source prints once it is drawn).
	for (const id of SHOWN) {
		const layer = data.layers.find((l) => l.id === id)!;
		await expect(attribution).toContainText(`${layer.title.en}: `);
	}
	const text = await attributionText(page);
	expect(italianWordsIn(text, italian, names)).toEqual([]);
	// The owners' names stay as their owners write them.
	const owners = [
		'ISTAT',
		'Openpolis',
		'opendatasicilia',
		...SHOWN.flatMap((id) => data.layers.find((l) => l.id === id)!.sources.map((s) => s.owner!))
	];
	for (const owner of owners) expect(text).toContain(owner);
	expect(text).toContain('Population: ISTAT (1 January 2021)');

	// The same view in Italian says it in Italian: the check above can see Italian words.
	await page.goto(`/?lang=it&layers=${SHOWN.join(',')}`);
	await waitForMapIdle(page);
	await expect(attribution).toContainText('Popolazione: ISTAT (1 gennaio 2021)');
	expect(italianWordsIn(await attributionText(page), italian, names).length).toBeGreaterThan(3);
});

test('a feature’s card states its licence and owner in English, and in Italian', async ({
	page
}) => {
	const card = (lang: string) =>
		`/?lang=${lang}&layers=technology-poles&feature=technology-poles%3Amusa-pietrasanta`;
	await page.goto(card('en'));
	await waitForMapIdle(page);
	const licence = page.locator('#feature-panel [data-fact="licence"]');
	await expect(licence).toHaveText(
		'facts in the public domain (the address), as the source cites them'
	);
	expect(italianWordsIn(await licence.innerText(), italian, names)).toEqual([]);
	await expect(page.locator('#feature-panel [data-fact="owner"]')).toHaveText(
		'Puccini Lands – Province of Lucca (source of the address)'
	);
	await page.goto(card('it'));
	await waitForMapIdle(page);
	await expect(licence).toHaveText('fatti di pubblico dominio (indirizzo), citati dalla fonte');
	await expect(page.locator('#feature-panel [data-fact="owner"]')).toHaveText(
		"Puccini Lands – Provincia di Lucca (fonte dell'indirizzo)"
	);
});

test('a name the atlas gave (a bottleneck, a district) reads in the reader’s language', async ({
	page,
	request
}) => {
	for (const layer of ['bottlenecks', 'districts']) {
		const features = (await (await request.get(`/api/v1/layers/${layer}`)).json()).features as {
			properties: { id: string; name: string; name_en?: string };
		}[];
		const named = features.filter((f) => f.properties.name_en);
		expect(named.length, layer).toBeGreaterThan(0);
		const { id, name, name_en } = named[0].properties;
		await page.goto(`/?lang=en&layers=${layer}&feature=${layer}%3A${id}`);
		await waitForMapIdle(page);
		const title = page.locator('#feature-panel-title');
		await expect(title).toHaveText(name_en!);
		expect(name_en).not.toBe(name);
		await page.goto(`/?lang=it&layers=${layer}&feature=${layer}%3A${id}`);
		await waitForMapIdle(page);
		await expect(title).toHaveText(name);
	}
});

test('a comune page lists its sources in English, the owners’ names unchanged', async ({
	page
}) => {
	await page.goto('/comuni/046007?lang=en');
	const sources = page.locator('ul.sources');
	await expect(sources).toContainText('Population: ISTAT (1 January 2021)');
	const text = await sources.innerText();
	expect(italianWordsIn(text, italian, names)).toEqual([]);
	for (const name of ['ISTAT', 'Openpolis', 'opendatasicilia', 'AGCOM - Broadband Map'])
		expect(text).toContain(name);
	await page.goto('/comuni/046007?lang=it');
	await expect(sources).toContainText('Popolazione: ISTAT (1 gennaio 2021)');
});

test('on a phone the attribution folds behind its (i) button, named in the reader’s language', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/?lang=en&layers=bottlenecks');
	await waitForMapIdle(page);
	const control = page.locator('.maplibregl-ctrl-attrib');
	await expect(control).toHaveClass(/maplibregl-compact/);
	await expect(control).not.toHaveClass(/maplibregl-compact-show/);
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toBeHidden();
	const button = control.locator('.maplibregl-ctrl-attrib-button');
	await expect(button).toHaveAccessibleName('Show or hide the map’s sources');
	await button.click();
	await expect(control).toHaveClass(/maplibregl-compact-show/);
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toBeVisible();
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toContainText(
		'Railways and bottlenecks: RFI'
	);
	await button.click();
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toBeHidden();

	await page.goto('/?lang=it');
	await waitForMapIdle(page);
	await expect(page.locator('.maplibregl-ctrl-attrib-button')).toHaveAccessibleName(
		'Mostra o nascondi le fonti della mappa'
	);
	await expect(page.getByRole('button', { name: 'Ingrandisci' })).toBeVisible();
});

test('on a wide screen the attribution stays open, and folds when the window narrows', async ({
	page
}) => {
	await page.goto('/?lang=en');
	await waitForMapIdle(page);
	const control = page.locator('.maplibregl-ctrl-attrib');
	await expect(control).not.toHaveClass(/maplibregl-compact/);
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toBeVisible();
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(control).toHaveClass(/maplibregl-compact/);
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toBeHidden();
	await page.setViewportSize({ width: 1280, height: 800 });
	await expect(control).not.toHaveClass(/maplibregl-compact/);
	await expect(page.locator('.maplibregl-ctrl-attrib-inner')).toBeVisible();
});
