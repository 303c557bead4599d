import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { basemapUnreachable, MIRROR_DIR, screenPoint, waitForMapIdle } from './helpers.ts';

test.beforeEach(async ({ page }) => basemapUnreachable(page));

type Summary = {
	properties: {
		id: string;
		code: string;
		primary_ambito: number | null;
		title_it: string | null;
		regis_phase: string | null;
	};
};

/** Ids of the interventions MapLibre actually draws. */
const drawnInterventions = (page: Page) =>
	page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const layers = [
			'layer-interventions-point',
			'layer-interventions-line',
			'layer-interventions-area'
		];
		const features = map.queryRenderedFeatures({ layers: layers.filter((id) => map.getLayer(id)) });
		return [...new Set(features.map((f) => String(f.properties.id)))].sort();
	});

/** Ids of the interventions in the list beside the map. */
const listedInterventions = (page: Page) =>
	page
		.locator('[data-layer="interventions"] .features button')
		.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-id')!).sort());

test('the interventions API lists ambiti and filters, and names a bad parameter in the user’s language', async ({
	request
}) => {
	const reference = await (await request.get('/api/v1/ambiti')).json();
	expect(reference.ambiti).toHaveLength(8);
	expect(reference.guidelines).toHaveLength(6);
	const all = await (await request.get('/api/v1/interventions')).json();
	const infrastructure = await (await request.get('/api/v1/interventions?ambito=1')).json();
	expect(infrastructure.features.length).toBeGreaterThan(0);
	expect(infrastructure.features.length).toBeLessThan(all.features.length);
	for (const f of infrastructure.features)
		expect([f.properties.primary_ambito, ...f.properties.secondary_ambiti]).toContain(1);
	const bad = await request.get('/api/v1/interventions?status=finished&lang=en');
	expect(bad.status()).toBe(400);
	expect((await bad.json()).error.message).toContain('"status"');
	const badIt = await request.get('/api/v1/interventions?year=duemila&lang=it');
	expect((await badIt.json()).error.message).toContain('«year»');
	expect((await request.get('/api/v1/interventions/nessuno')).status()).toBe(404);
});

test('filtering interventions by ambito: the map and the list show the same interventions as the API', async ({
	page,
	request
}) => {
	const expected = (
		(await (await request.get('/api/v1/interventions?ambito=1')).json()).features as Summary[]
	)
		.map((f) => f.properties.id)
		.sort();
	await page.goto('/?layers=interventions');
	await waitForMapIdle(page);
	const all = (
		(await (await request.get('/api/v1/layers/interventions')).json()).features as Summary[]
	)
		.map((f) => f.properties.id)
		.sort();
	await expect.poll(() => drawnInterventions(page)).toEqual(all);
	await expect.poll(() => listedInterventions(page)).toEqual(all);
	const ambiti = page.locator('[data-filters="interventions"] fieldset[data-field="ambito"]');
	for (const box of await ambiti.getByRole('checkbox').all())
		if ((await box.getAttribute('value')) !== '1') await box.uncheck();
	await expect.poll(() => drawnInterventions(page)).toEqual(expected);
	await expect.poll(() => listedInterventions(page)).toEqual(expected);
	await expect(page).toHaveURL(/filter=interventions\.ambito(%3A|:)1(&|$)/);
	await page.screenshot({ path: 'test-results/interventions-ambito.png' });
});

test('the time slider shows what is under way in each year', async ({ page, request }) => {
	const inYear = async (year: number) =>
		((await (await request.get(`/api/v1/interventions?year=${year}`)).json()).features as Summary[])
			.map((f) => f.properties.id)
			.sort();
	const [in2023, in2025] = [await inYear(2023), await inYear(2025)];
	expect(in2023).not.toEqual(in2025);
	await page.goto('/?layers=interventions');
	await waitForMapIdle(page);
	const year = page.locator('[data-filters="interventions"] fieldset[data-field="year"]');
	await year.getByRole('checkbox').check();
	const slider = year.getByRole('slider');
	await slider.fill('2023');
	await expect.poll(() => drawnInterventions(page)).toEqual(in2023);
	await slider.fill('2025');
	await expect.poll(() => drawnInterventions(page)).toEqual(in2025);
	await expect(year.locator('output')).toHaveText('2025');
	await expect(year).toContainText('senza date');
	await expect(page).toHaveURL(/filter=interventions\.year(%3A|:)2025/);
});

test('selecting an intervention in the list opens its facts and links its page; the page is server-rendered', async ({
	page
}) => {
	await page.goto('/?layers=interventions');
	await waitForMapIdle(page);
	await page
		.locator('[data-layer="interventions"] .features button[data-id="rfi-1346-pistoia-lucca"]')
		.click();
	const panel = page.locator('#feature-panel');
	await expect(panel.locator('[data-fact="code"]')).toHaveText('RFI-1346');
	await expect(panel.locator('[data-fact="status"]')).toHaveText('in corso');
	await expect(panel.locator('[data-fact="cost"]')).toHaveText('752.100.000 €');
	await panel.getByRole('link', { name: /Scheda completa/ }).click();
	await expect(page).toHaveURL(/\/interventi\/rfi-1346-pistoia-lucca$/);
	await expect(page.locator('[data-fact="funding-amount"]')).toHaveText('364.120.000 €');
	await expect(page.locator('.timeline li[data-active="true"]')).toHaveCount(0);
	await expect(page.locator('[data-fact="sources"] a').first()).toHaveAttribute(
		'href',
		/github\.com/
	);
	await expect(page.locator('.history')).toContainText('geodata build');
	await page.screenshot({ path: 'test-results/intervention-page.png', fullPage: true });
});

test('an intervention page works without JavaScript, and an unknown one is a 404', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/interventi/rfi-1458-scalo-porcari');
	await expect(page.locator('h1')).toContainText('Porcari');
	await expect(page.locator('[data-fact="status"]')).toHaveText('concluso');
	await expect(page.locator('.timeline li[data-active="true"]')).toHaveText(['2023']);
	await expect(page.locator('.small-map circle.mark')).toHaveCount(1);
	const missing = await page.goto('/interventi/nessuno');
	expect(missing?.status()).toBe(404);
	await context.close();
});

test('a PNRR project shows what is unknown as unknown, and links its OpenCUP page', async ({
	page,
	request
}) => {
	// One OpenCUP locates and no other source describes (the Region's ReGiS data completes some).
	const pnrr = (
		(await (await request.get('/api/v1/interventions?funding=pnrr')).json()).features as Summary[]
	).find((f) => f.properties.regis_phase === null && f.properties.title_it === null)!;
	await page.goto(`/interventi/${pnrr.properties.id}`);
	await expect(page.locator('h1')).toHaveText(
		`Progetto ${pnrr.properties.code} (titolo non disponibile)`
	);
	await expect(page.locator('[data-fact="status"]')).toHaveText('dato non disponibile');
	await expect(page.locator('[data-fact="cost"]')).toHaveText('dato non disponibile');
	await expect(page.locator('[data-fact="funding-amount"]')).toHaveText('dato non disponibile');
	await expect(page.locator('[data-fact="cup"] a')).toHaveAttribute(
		'href',
		`https://www.opencup.gov.it/portale/progetto/-/cup/${pnrr.properties.code}`
	);
});

test('a PNRR work shows its ReGiS phase as published, its snapshot date and PNRR amount, with the source', async ({
	page
}) => {
	// The Region's data as the mirror holds it, read here independently of the build.
	const [work] = parse(
		readFileSync(path.join(MIRROR_DIR, 'reference/pnrr_public_works_versilia.csv'), 'utf8'),
		{ columns: true }
	) as Record<string, string>[];
	await page.goto(`/interventi/cup-${work.cup.toLowerCase()}`);
	await expect(page.locator('h1')).toHaveText(work.titolo);
	const phase = page.locator('[data-fact="regis-phase"]');
	await expect(phase.locator('strong')).toHaveText(work.fase_regis);
	await expect(phase).toContainText(
		new Date(`${work.snapshot}T12:00:00Z`).toLocaleDateString('it-IT', {
			day: '2-digit',
			month: '2-digit',
			year: 'numeric',
			timeZone: 'Europe/Rome'
		})
	);
	// A phase is not a status: the status stays unknown.
	await expect(page.locator('[data-fact="status"]')).toHaveText('dato non disponibile');
	await expect(page.locator('[data-fact="funding-amount"]').first()).toContainText(
		new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 }).format(
			Number(work.importo_finanziato_pnrr_eur)
		)
	);
	await expect(
		page.getByRole('link', { name: /Regione Toscana – Open Data PNRR \(ReGiS\)/ }).first()
	).toHaveAttribute('href', 'https://dati.toscana.it/dataset/regione-toscana-pnrr');
});

test('a bottleneck’s panel lists the interventions that act on it', async ({ page }) => {
	await page.goto('/?layers=bottlenecks&feature=bottlenecks:binario-unico-lucca-pescia');
	await waitForMapIdle(page);
	const linked = page.locator('#feature-panel [data-fact="interventions"]');
	await expect(linked).toContainText('Potenziamento della linea Pistoia–Lucca');
	await expect(linked).toContainText('risolve');
	await expect(linked.locator('a')).toHaveAttribute('href', '/interventi/rfi-1346-pistoia-lucca');
});

test('an intervention chosen in the list is highlighted on the map, line or area alike', async ({
	page
}) => {
	await page.goto('/?layers=interventions');
	await waitForMapIdle(page);
	await page
		.locator('[data-layer="interventions"] .features button[data-id="rfi-1346-pistoia-lucca"]')
		.click();
	await waitForMapIdle(page);
	await expect
		.poll(() =>
			page.evaluate(() => {
				const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
				return [
					...new Set(
						map
							.queryRenderedFeatures({ layers: ['layer-interventions-selected-outline'] })
							.map((f) => String(f.properties.id))
					)
				];
			})
		)
		.toEqual(['rfi-1346-pistoia-lucca']);
	await expect(
		page.locator('[data-layer="interventions"] button[data-id="rfi-1346-pistoia-lucca"]')
	).toHaveAttribute('aria-pressed', 'true');
});

test('clicking a municipality on the map lists the interventions that concern it', async ({
	page,
	request
}) => {
	const capannori = await (await request.get('/api/v1/municipalities/046007')).json();
	await page.goto('/');
	await waitForMapIdle(page);
	const point = await screenPoint(page, capannori.label_point);
	await page.mouse.click(point.x, point.y);
	const list = page.locator('#municipality-panel [data-fact="interventions"]');
	await expect(list.locator('h3')).toHaveText(
		`Interventi che interessano il comune (${capannori.interventions.length})`
	);
	await expect(list.locator('li')).toHaveCount(Math.min(6, capannori.interventions.length));
});
