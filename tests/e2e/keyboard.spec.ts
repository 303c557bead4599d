import { expect, test, type Locator, type Page } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { E2E_ACCOUNTS, E2E_PASSWORD } from './accounts.ts';
import { waitForMapIdle } from './helpers.ts';

/**
 * Keyboard-only journeys for the atlas's three kinds of reader. No mouse: every step is a key
 * press (or typing a page's address), and every element the keyboard lands on must show where
 * the focus is.
 */

/**
 * Presses Tab until `target` has the focus, checking that every element the focus lands on shows
 * it: an outline of 2px or more, or a focus shadow.
 */
async function tabTo(page: Page, target: Locator, maxPresses = 200) {
	const wanted = await target.elementHandle();
	for (let presses = 0; presses < maxPresses; presses++) {
		await page.keyboard.press('Tab');
		const focus = await page.evaluate((el) => {
			const element = document.activeElement as HTMLElement | null;
			if (!element || element === document.body) return { visible: false, element: 'body' };
			const style = getComputedStyle(element);
			const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
			return {
				visible: outline || style.boxShadow !== 'none',
				element: element.outerHTML.slice(0, 100),
				reached: element === el
			};
		}, wanted);
		expect(focus.visible, `no visible focus on ${focus.element}`).toBe(true);
		if (focus.reached) return;
	}
	throw new Error(`Tab never reached ${target}`);
}

test('a mayor finds her municipality by search, reads its page and report, and its card on the atlas', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/');
	await waitForMapIdle(page);
	const search = page.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' });
	await tabTo(page, search);
	await page.keyboard.type('Pietrasanta');
	await expect(page.getByRole('option', { name: /^Pietrasanta/ }).first()).toBeVisible();
	// The combobox keeps an active option for the arrows; Enter opens it.
	await expect(search).toHaveAttribute('aria-activedescendant', 'atlas-search-option-0');
	await expect(page.locator('#atlas-search-option-0')).toHaveText(/^Pietrasanta/);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/comuni\/046024$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Pietrasanta' })).toBeVisible();

	// Its card on the atlas, from the page's own link.
	await tabTo(page, page.getByRole('link', { name: 'Vedi sulla mappa →' }));
	await page.keyboard.press('Enter');
	const card = page.locator('#municipality-panel');
	await expect(card).toHaveAttribute('data-istat', '046024');
	await expect(card.getByRole('heading', { name: 'Pietrasanta' })).toBeVisible();
	await waitForMapIdle(page);
	await tabTo(page, card.getByRole('link', { name: /Scheda del comune/ }));
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/comuni\/046024$/);

	// The report is the page itself: its print button first, then its sections' links.
	await tabTo(page, page.getByRole('button', { name: 'Stampa / Salva PDF' }));
	const report = page.locator('section[aria-labelledby="interventions-title"]');
	await expect(report.getByRole('heading', { level: 2 })).toBeVisible();
	await tabTo(page, page.locator('table.compare a').first());
	// The small map's links are not Tab stops: the same neighbours are links in the report.
	const mapLinks = page.locator('figure.small-map svg a');
	expect(await mapLinks.count()).toBeGreaterThan(0);
	for (const tabindex of await mapLinks.evaluateAll((as) =>
		as.map((a) => a.getAttribute('tabindex'))
	))
		expect(tabindex).toBe('-1');
});

test('an investor sets the finder’s criteria, reads the results table and downloads the CSV, by keyboard', async ({
	page,
	request
}) => {
	const api = await (await request.get('/api/v1/opportunities?min_ftth=60&sector=paper')).json();
	const expected: string[] = api.features.map(
		(f: { properties: { id: string } }) => f.properties.id
	);
	expect(expected.length).toBeGreaterThan(0);

	await page.goto('/opportunita');
	await tabTo(page, page.getByLabel('Distretto / settore'));
	// A closed select changes with the arrows; type-ahead picks the option by its first letters.
	await page.keyboard.type('cartario');
	await expect(page.getByLabel('Distretto / settore')).toHaveValue('paper');
	await tabTo(page, page.getByLabel('Copertura FTTH minima (% famiglie)'));
	await page.keyboard.type('60');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/min_ftth=60/);
	await expect(page).toHaveURL(/sector=paper/);

	const rows = page.locator('table.results tbody tr');
	await expect(rows).toHaveCount(expected.length);
	expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(
		expected
	);
	// The table is a real table: headers in scope, one row per result, each name a link.
	await expect(page.locator('table.results thead th[scope="col"]').first()).toBeVisible();

	const csvLink = page.getByRole('link', { name: 'CSV' });
	await tabTo(page, csvLink);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.keyboard.press('Enter')
	]);
	const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
	const lines = csv.trim().split('\r\n');
	expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(expected);

	// Each result in the table is reached by Tab, in rank order.
	await tabTo(page, rows.first().getByRole('link'));
	if (expected.length > 1) {
		await page.keyboard.press('Tab');
		await expect(rows.nth(1).getByRole('link')).toBeFocused();
	}
});

/**
 * Space on the focused file input opens the file chooser. Under a loaded CI machine Chromium has
 * once let a press go by without one: press again, as a person would, a few times at most.
 */
async function openFileChooser(page: Page) {
	for (let attempt = 0; attempt < 3; attempt++) {
		const opened = page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => null);
		await page.keyboard.press('Space');
		const chooser = await opened;
		if (chooser) return chooser;
	}
	throw new Error('Space on the file input opened no file chooser');
}

test('a planner signs in, imports a line through the file input, describes and submits a proposal, by keyboard', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/accedi');
	await tabTo(page, page.getByLabel('Email'));
	await page.keyboard.type(E2E_ACCOUNTS.planner.email);
	await tabTo(page, page.getByLabel('Password'));
	await page.keyboard.type(E2E_PASSWORD);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/proposte/);

	await tabTo(page, page.getByRole('link', { name: '+ Nuova proposta' }));
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/proposte\/nuova/);
	await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });

	// terra-draw (1.35) takes vertices from the pointer only; its keys are Escape (cancel) and
	// Enter (finish). So the keyboard path is the import: the file input, opened with Space.
	const fileInput = page.getByLabel('Importa GeoJSON o KML');
	await tabTo(page, fileInput);
	const chooser = await openFileChooser(page);
	await chooser.setFiles({
		name: 'ciclabile.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(
			JSON.stringify({
				type: 'FeatureCollection',
				features: [{ type: 'Feature', properties: {}, geometry: LINE_LUCCA_CAPANNORI }]
			})
		)
	});
	await expect(page.locator('[data-measure="length"]')).toContainText('km');
	await expect(page.locator('[data-origin="live"] .municipalities li')).toHaveCount(2);

	await tabTo(page, page.getByLabel('Titolo'));
	await page.keyboard.type('Ciclabile Lucca–Capannori, proposta da tastiera');
	await tabTo(page, page.getByRole('button', { name: 'Salva la bozza' }));
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/proposte\/[0-9a-f-]{36}$/);
	await expect(
		page.getByRole('heading', { name: 'Ciclabile Lucca–Capannori, proposta da tastiera' })
	).toBeVisible();

	const submit = page.getByRole('button', { name: 'Presenta alla cabina di regia' });
	await tabTo(page, submit);
	await page.keyboard.press('Enter');
	await expect(submit).toHaveCount(0);
	const id = page.url().split('/').at(-1);
	const saved = await (await page.request.get(`/api/v1/proposals/${id}`)).json();
	expect(saved.status).toBe('submitted');
	expect(saved.geometry).toEqual(LINE_LUCCA_CAPANNORI);
});
