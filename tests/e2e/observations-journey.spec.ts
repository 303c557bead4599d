import { expect, test, type Page } from '@playwright/test';
import { apiClientOf, signIn } from './accounts.ts';
import { screenPoint } from './helpers.ts';

// A line along the Via Sarzanese north of Lucca: three vertices, all inside Lucca (046017).
const VERTICES: [number, number][] = [
	[10.49, 43.865],
	[10.5, 43.87],
	[10.51, 43.874]
];

async function drawLine(page: Page) {
	await page.getByRole('button', { name: 'Linea' }).click();
	for (const vertex of VERTICES) {
		const { x, y } = await screenPoint(page, vertex);
		await page.mouse.click(x, y);
	}
	// Clicking the last vertex again finishes the line.
	const last = await screenPoint(page, VERTICES.at(-1)!);
	await page.mouse.click(last.x, last.y);
}

/** Posts an observation at a point through the API, as a signed-in client. */
function postPoint(
	client: Awaited<ReturnType<typeof apiClientOf>>,
	category: string,
	coordinates: [number, number]
) {
	return client.send('POST', '/api/v1/observations', {
		title: `Osservazione ${category} ${Date.now()}`,
		body: 'Testo di prova.',
		category,
		geometry: { type: 'Point', coordinates }
	});
}

const hydrated = (page: Page) => expect(page.locator('html[data-hydrated]')).toHaveCount(1);

/** The observations drawn on the atlas map (single markers and the groups' counts). */
function renderedObservations(page: Page) {
	return page.evaluate(() => {
		const map = (window as unknown as { __atlasMap?: import('maplibre-gl').Map }).__atlasMap;
		const layers = ['layer-observations-point', 'layer-observations-cluster'].filter((id) =>
			map?.getLayer(id)
		);
		if (!map || !layers.length) return -1;
		return map
			.queryRenderedFeatures({ layers })
			.reduce((n, f) => n + Number(f.properties.point_count ?? 1), 0);
	});
}

test('a stakeholder posts a line observation; others support, comment and moderate; the cabina di regia makes it a proposal', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const title = `Incrocio allagato sulla Sarzanese ${Date.now()}`;

	// 1. A stakeholder draws a line, picks a category, writes, and sends: in well under a minute.
	const sara = await browser.newPage();
	await signIn(sara, 'stakeholder');
	const started = Date.now();
	await sara.goto('/partecipa');
	await expect(sara.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
	await hydrated(sara);
	await drawLine(sara);
	await expect(sara.locator('[data-measure="length"]')).toBeVisible();
	// The atlas's own data around it, live: the municipality it lies in.
	await expect(sara.locator('[data-origin="live"] .municipalities li')).toHaveCount(1);
	await expect(sara.locator('[data-origin="live"] li[data-istat="046017"]')).toHaveCount(1);
	await sara.getByLabel('Infrastrutture e trasporti').check();
	await sara.getByLabel('Titolo').fill(title);
	await sara
		.getByLabel('Cosa succede, cosa serve')
		.fill('Con la pioggia forte il sottopasso si allaga e la strada resta chiusa per ore.');
	await sara.screenshot({ path: 'test-results/observation-drawing.png' });
	await sara.getByRole('button', { name: 'Invia l’osservazione' }).click();
	await expect(sara).toHaveURL(/\/osservazioni\/[0-9a-f-]{36}$/);
	expect(Date.now() - started).toBeLessThan(60_000);
	const path = new URL(sara.url()).pathname;
	await expect(sara.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(sara.locator('.pill')).toHaveText('aperta');
	// The server's PostGIS analysis: Lucca, and the ambito the category names.
	await expect(sara.locator('[data-origin="server"] li[data-istat="046017"]')).toHaveCount(1);
	await expect(sara.locator('.facts')).toContainText('1. Infrastrutture');

	// Within 30 minutes its author may correct it.
	const corrected = `${title} (corretta)`;
	await sara.getByRole('link', { name: 'Correggi l’osservazione' }).click();
	await expect(sara.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
	await hydrated(sara);
	await expect(sara.getByLabel('Titolo')).toHaveValue(title);
	await sara.getByLabel('Titolo').fill(corrected);
	await sara.getByRole('button', { name: 'Salva la correzione' }).click();
	await expect(sara).toHaveURL(new RegExp(`${path}$`));
	await expect(sara.getByRole('heading', { level: 1 })).toHaveText(corrected);

	// 2. A planner supports it (once) and comments.
	const paola = await browser.newPage();
	await signIn(paola, 'planner');
	await paola.goto(path);
	await hydrated(paola);
	await paola.getByRole('button', { name: 'Sostieni' }).click();
	await expect(paola.locator('[data-supports]')).toHaveAttribute('data-supports', '1');
	await expect(paola.getByRole('button', { name: /Sostenuta da te/ })).toHaveCount(1);
	await paola
		.getByLabel('Il tuo commento')
		.fill('Succede anche in via Fillungo: serve un progetto.');
	await paola.getByRole('button', { name: 'Commenta' }).click();
	await expect(paola.locator('.comments .body')).toHaveText(
		'Succede anche in via Fillungo: serve un progetto.'
	);
	// HTML is refused with the reason, and nothing is added.
	await paola.getByLabel('Il tuo commento').fill('Vedi <a href="https://example.org">qui</a>');
	await paola.getByRole('button', { name: 'Commenta' }).click();
	await expect(paola.getByRole('alert')).toContainText('solo testo semplice');
	await expect(paola.locator('.comments .body')).toHaveCount(1);

	// 3. A moderator hides the comment, with a reason from the list and a note.
	const mara = await browser.newPage();
	await signIn(mara, 'moderator');
	await mara.goto(path);
	await hydrated(mara);
	await mara.locator('.comment details.moderate summary').click();
	const comment = mara.locator('.comment');
	await comment.getByLabel('Motivo').selectOption('personal_data');
	await comment.getByLabel('Nota (facoltativa)').fill('Indirizzo privato nel testo');
	await mara.getByRole('button', { name: 'Nascondi il commento' }).click();
	await expect(mara.locator('.comment[data-hidden="true"] .hidden-note')).toContainText(
		'Dati personali di terzi'
	);
	await expect(mara.locator('details.log')).toContainText('Mara Moderatrice');

	// The comment leaves the public page; its author sees it hidden, and why.
	const visitor = await browser.newPage();
	await visitor.goto(path);
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(corrected);
	await expect(visitor.locator('.comments .body')).toHaveCount(0);
	await expect(visitor.locator('[data-supports]')).toHaveAttribute('data-supports', '1');
	await paola.reload();
	await expect(paola.locator('.comment[data-hidden="true"] .hidden-note')).toContainText(
		'Dati personali di terzi — Indirizzo privato nel testo'
	);

	// The author of the observation hears of the support and the comment in her "novità".
	await sara.goto('/novita');
	await expect(sara.locator('li[data-kind="support"]').first()).toContainText('Paola Planner');
	await expect(sara.locator('li[data-kind="comment"]').first()).toContainText(title);

	// 4. The cabina di regia turns it into a proposal draft: the link shows on both pages.
	const rita = await browser.newPage();
	await signIn(rita, 'reviewer');
	await rita.goto(path);
	await hydrated(rita);
	await rita.getByRole('button', { name: 'Trasforma in bozza di proposta' }).click();
	await expect(rita).toHaveURL(/\/proposte\/[0-9a-f-]{36}$/);
	const proposalPath = new URL(rita.url()).pathname;
	await expect(rita.getByRole('heading', { level: 1 })).toHaveText(corrected);
	await expect(rita.locator('.from')).toContainText('Nata da un’osservazione');
	await rita.getByRole('link', { name: 'Apri l’osservazione' }).click();
	await expect(rita).toHaveURL(new RegExp(`${path}$`));
	await expect(rita.locator('.pill')).toHaveText('presa in una proposta');
	await expect(rita.locator('.linked a')).toHaveAttribute('href', proposalPath);
	await rita.screenshot({ path: 'test-results/observation-page.png', fullPage: true });
	// The draft carries the line as drawn.
	const proposalId = proposalPath.split('/').at(-1);
	const proposal = await (await rita.request.get(`/api/v1/proposals/${proposalId}`)).json();
	expect(proposal.geometry.type).toBe('LineString');
	expect(proposal.observation_id).toBe(path.split('/').at(-1));

	for (const page of [sara, paola, mara, visitor, rita]) await page.close();
});

test('the observations layer draws the observations, grouped when zoomed out, and filters them', async ({
	page,
	browser
}) => {
	const poster = await apiClientOf(browser, 'stakeholder');
	// Three a few hundred metres apart in Lucca (one group when zoomed out), one in Garfagnana.
	for (const point of [
		[10.505, 43.843],
		[10.508, 43.844],
		[10.503, 43.846]
	] as [number, number][])
		expect((await postPoint(poster, 'tourism', point)).status()).toBe(201);
	expect((await postPoint(poster, 'environment', [10.41, 44.11])).status()).toBe(201);
	await poster.close();
	const all = await (await page.request.get('/api/v1/layers/observations')).json();
	const count = (category?: string) =>
		all.features.filter(
			(f: { properties: { category: string } }) => !category || f.properties.category === category
		).length;

	await page.goto('/?layers=observations');
	await expect.poll(() => renderedObservations(page), { timeout: 30_000 }).toBe(count());
	await page.screenshot({ path: 'test-results/observations-layer.png' });
	// Zoomed out over the province, the three in Lucca are one group showing its count…
	const largestGroup = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const groups = map.queryRenderedFeatures({ layers: ['layer-observations-cluster'] });
			return Math.max(0, ...groups.map((g) => Number(g.properties.point_count)));
		});
	expect(await largestGroup()).toBeGreaterThanOrEqual(3);
	// …which splits into single markers close up.
	await page.goto('/?layers=observations&lon=10.505&lat=43.844&z=16');
	await expect
		.poll(() => renderedObservations(page), { timeout: 30_000 })
		.toBeGreaterThanOrEqual(3);
	expect(await largestGroup()).toBe(0);
	// Filtered by category from the layer's panel: only tourism stays on the map.
	await page.goto('/?layers=observations&filter=observations.category:tourism');
	await expect.poll(() => renderedObservations(page), { timeout: 30_000 }).toBe(count('tourism'));
	expect(count('tourism')).toBeGreaterThan(0);
	expect(count('tourism')).toBeLessThan(count());
});

test('the comune page tells what the territory asked, by category and status, as the API counts it', async ({
	page,
	browser
}) => {
	const poster = await apiClientOf(browser, 'stakeholder');
	const created = await postPoint(poster, 'broadband', [10.52, 43.85]);
	expect(created.status()).toBe(201);
	await poster.close();
	const listed = await (await page.request.get('/api/v1/observations?istat=046017')).json();
	const broadband = listed.features.filter(
		(f: { properties: { category: string } }) => f.properties.category === 'broadband'
	).length;
	expect(broadband).toBeGreaterThan(0);

	await page.goto('/comuni/046017');
	const section = page.locator('[data-section="territory-asked"]');
	await expect(section.getByRole('heading', { level: 2 })).toHaveText(
		`Cosa ha chiesto il territorio (osservazioni: ${listed.features.length})`
	);
	// The broadband row: its total column (the 5th cell) is the API's count.
	await expect(section.locator('tr[data-category="broadband"] td').nth(3)).toHaveText(
		String(broadband)
	);
	await expect(section.locator('tr[data-category="all"] td').nth(3)).toHaveText(
		String(listed.features.length)
	);
	await section.screenshot({ path: 'test-results/comune-territory-asked.png' });
	await page.goto('/osservazioni?istat=046017');
	await expect(page.locator('tr[data-observation]')).toHaveCount(listed.features.length);
	await page.screenshot({ path: 'test-results/observations-list.png', fullPage: true });
});
