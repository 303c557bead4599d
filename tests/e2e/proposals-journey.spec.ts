import { expect, test, type Page } from '@playwright/test';
import { signIn } from './accounts.ts';
import { screenPoint } from './helpers.ts';

/** "12,34 km" as the Italian page writes it → 12.34 */
const italianKm = (text: unknown) =>
	Number(
		String(text)
			.replace(/[^\d,.]/g, '')
			.replaceAll('.', '')
			.replace(',', '.')
	);

/** How many features of the proposal's own layers the page's map has drawn. */
async function renderedProposalFeatures(page: Page) {
	return page.evaluate(() => {
		const map = (window as unknown as { __atlasMap?: import('maplibre-gl').Map }).__atlasMap;
		if (!map?.getLayer('proposal-line')) return 0;
		return map.queryRenderedFeatures({ layers: ['proposal-line', 'proposal-point'] }).length;
	});
}

/** Opens the editor and waits until terra-draw listens to the map. */
async function openEditor(page: Page, url = '/proposte/nuova') {
	await page.goto(url);
	await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
}

// Lucca (west of the walls) → Capannori: three vertices, crossing one municipal boundary.
const VERTICES: [number, number][] = [
	[10.47, 43.85],
	[10.55, 43.845],
	[10.6, 43.83]
];

async function drawLine(page: Page) {
	for (const vertex of VERTICES) {
		const { x, y } = await screenPoint(page, vertex);
		await page.mouse.click(x, y);
	}
	// Clicking the last vertex again finishes the line.
	const last = await screenPoint(page, VERTICES.at(-1)!);
	await page.mouse.click(last.x, last.y);
}

test('a planner draws a 3-vertex line, reads its length and municipalities, saves it and finds it again', async ({
	page
}) => {
	await signIn(page, 'planner');
	await page.getByRole('link', { name: '+ Nuova proposta' }).click();
	await expect(page).toHaveURL(/\/proposte\/nuova/);
	await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
	await expect(page.getByRole('button', { name: 'Linea' })).toHaveAttribute('aria-pressed', 'true');
	await drawLine(page);

	const length = page.locator('[data-measure="length"]');
	await expect(length).toBeVisible();
	const liveKm = italianKm(await length.innerText());
	// Three vertices ~6.5 km + ~4.3 km apart: the line is about 10.8 km long.
	expect(liveKm).toBeGreaterThan(10);
	expect(liveKm).toBeLessThan(12);
	const live = page.locator('[data-origin="live"] .municipalities li');
	await expect(live).toHaveCount(2);
	const liveShares = Object.fromEntries(
		await live.evaluateAll((items) =>
			items.map((li) => [li.getAttribute('data-istat'), li.querySelector('.share')!.textContent!])
		)
	);
	expect(Object.keys(liveShares).sort()).toEqual(['046007', '046017']);
	// Interventions nearby are found live too (here the railway it runs beside).
	const interventionCodes = (origin: string) =>
		page.locator(`[data-origin="${origin}"] .interventions li a`).allInnerTexts();
	await expect(page.locator('[data-origin="live"] .interventions li').first()).toBeVisible();
	const liveInterventions = (await interventionCodes('live')).sort();
	expect(liveInterventions.length).toBeGreaterThan(0);
	// A line near the Lucca–Pescia single track and its stations: infrastructure is suggested.
	await expect(page.getByLabel('Ambito d’intervento')).toHaveValue('1');
	await page.screenshot({ path: 'test-results/proposal-drawing.png' });

	await page.getByLabel('Titolo').fill('Ciclabile Lucca–Capannori lungo la ferrovia');
	await page.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(page).toHaveURL(/\/proposte\/[0-9a-f-]{36}$/);
	const url = page.url();

	// The server's PostGIS analysis agrees with the browser's within 0.5%.
	const server = page.locator('[data-origin="server"] .municipalities li');
	await expect(server).toHaveCount(2);
	for (const [istat, text] of Object.entries(liveShares)) {
		const serverKm = italianKm(
			await page.locator(`[data-origin="server"] li[data-istat="${istat}"] .share`).innerText()
		);
		expect(Math.abs(serverKm - italianKm(text)) / serverKm).toBeLessThan(0.005);
	}
	// …and PostGIS finds the same interventions nearby.
	expect((await interventionCodes('server')).sort()).toEqual(liveInterventions);
	// The page's map draws the saved line, its attribution folded so as not to cover it.
	await expect.poll(() => renderedProposalFeatures(page), { timeout: 30_000 }).toBeGreaterThan(0);
	await expect(page.locator('.maplibregl-ctrl-attrib')).not.toHaveAttribute('open');
	await page.screenshot({ path: 'test-results/proposal-page.png', fullPage: true });

	// The proposal downloads as GeoJSON, the geometry as drawn.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Scarica GeoJSON' }).click()
	]);
	const exported = JSON.parse(
		Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8')
	);
	expect(exported.features).toHaveLength(1);
	expect(exported.features[0].geometry.type).toBe('LineString');
	expect(exported.features[0].geometry.coordinates).toHaveLength(3);
	expect(exported.features[0].properties.title).toBe('Ciclabile Lucca–Capannori lungo la ferrovia');

	await page.reload();
	await expect(
		page.getByRole('heading', { name: 'Ciclabile Lucca–Capannori lungo la ferrovia' })
	).toBeVisible();
	await page.goto('/proposte');
	await expect(
		page.locator('[data-section="proposals.mine"]').getByRole('link', {
			name: 'Ciclabile Lucca–Capannori lungo la ferrovia'
		})
	).toHaveAttribute('href', new URL(url).pathname);
});

/** Creates a proposal through the editor, drawn as a person draws it; returns its page's path. */
async function draftThroughEditor(page: Page, title: string) {
	await openEditor(page);
	await drawLine(page);
	await expect(page.locator('[data-measure="length"]')).toBeVisible();
	await page.getByLabel('Titolo').fill(title);
	await page.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(page).toHaveURL(/\/proposte\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname;
}

test('the planner submits, a reviewer adopts it, and the new intervention is on the atlas map', async ({
	browser
}) => {
	const planner = await browser.newPage();
	await signIn(planner, 'planner');
	const path = await draftThroughEditor(planner, 'Collegamento ciclabile da adottare');
	await planner.getByRole('button', { name: 'Presenta alla cabina di regia' }).click();
	await expect(planner.locator('.badge')).toHaveText('presentata');
	// The proponent cannot adopt it.
	await expect(planner.getByRole('button', { name: 'Adotta come intervento' })).toHaveCount(0);

	const reviewer = await browser.newPage();
	await signIn(reviewer, 'reviewer');
	await reviewer
		.locator('[data-section="proposals.toReview"]')
		.getByRole('link', { name: 'Collegamento ciclabile da adottare' })
		.click();
	await expect(reviewer).toHaveURL(new RegExp(`${path}$`));
	await reviewer.getByRole('button', { name: 'Prendi in esame' }).click();
	await expect(reviewer.locator('.badge')).toHaveText('in esame');
	await reviewer
		.getByLabel('Il tuo commento')
		.fill('Verificare <b>le intersezioni</b> con la SS12.');
	await reviewer.getByRole('button', { name: 'Commenta' }).click();
	// Plain text only: markup is refused with the reason, and nothing is stored.
	await expect(reviewer.getByRole('alert')).toContainText('solo testo semplice');
	await expect(reviewer.locator('.comments .body')).toHaveCount(0);
	await reviewer.getByLabel('Il tuo commento').fill('Verificare le intersezioni con la SS12.');
	await reviewer.getByRole('button', { name: 'Commenta' }).click();
	await expect(reviewer.locator('.comments .body')).toHaveText(
		'Verificare le intersezioni con la SS12.'
	);
	await reviewer.getByRole('button', { name: 'Adotta come intervento' }).click();
	await expect(reviewer.locator('.badge')).toHaveText('adottata');
	const history = reviewer.locator('.history li');
	await expect(history).toHaveCount(4);
	await expect(history.last()).toContainText('in esame → adottata · Rita Reviewer');

	await reviewer.getByRole('link', { name: 'Apri l’intervento' }).click();
	await expect(reviewer).toHaveURL(/\/interventi\/proposta-/);
	const interventionId = reviewer.url().split('/').pop()!;
	await expect(
		reviewer.getByRole('heading', { name: 'Collegamento ciclabile da adottare' })
	).toBeVisible();
	// On the atlas map, in the interventions layer.
	await reviewer.goto(`/?layers=interventions&feature=interventions:${interventionId}`);
	await reviewer.screenshot({ path: 'test-results/adopted-on-map.png' });
	await expect
		.poll(
			() =>
				reviewer.evaluate((id) => {
					const map = (window as unknown as { __atlasMap?: import('maplibre-gl').Map }).__atlasMap;
					if (!map?.loaded()) return 0;
					const layers = map
						.getStyle()
						.layers.filter((l) => l.id.startsWith('layer-interventions'))
						.map((l) => l.id);
					return map.queryRenderedFeatures({ layers }).filter((f) => f.properties?.id === id)
						.length;
				}, interventionId),
			{ timeout: 30_000 }
		)
		.toBeGreaterThan(0);
});

test('a stakeholder comments but cannot edit; a rejection needs its reason', async ({
	browser
}) => {
	const planner = await browser.newPage();
	await signIn(planner, 'planner');
	const path = await draftThroughEditor(planner, 'Area produttiva da discutere');
	await planner.getByRole('button', { name: 'Presenta alla cabina di regia' }).click();
	await expect(planner.locator('.badge')).toHaveText('presentata');

	const stakeholder = await browser.newPage();
	await signIn(stakeholder, 'stakeholder');
	await stakeholder.goto(path);
	await expect(stakeholder.getByRole('link', { name: 'Modifica la bozza' })).toHaveCount(0);
	await stakeholder.getByLabel('Il tuo commento').fill('Serve un collegamento alla stazione.');
	await stakeholder.getByRole('button', { name: 'Commenta' }).click();
	await expect(stakeholder.locator('.comments .body')).toHaveText(
		'Serve un collegamento alla stazione.'
	);
	// Editing someone else's proposal sends you back to its page.
	await stakeholder.goto(`${path}/modifica`);
	await expect(stakeholder).toHaveURL(new RegExp(`${path}$`));

	const reviewer = await browser.newPage();
	await signIn(reviewer, 'reviewer');
	await reviewer.goto(path);
	await reviewer.getByRole('button', { name: 'Prendi in esame' }).click();
	await reviewer.getByRole('button', { name: 'Respingi' }).click();
	await expect(reviewer.getByRole('alert')).toHaveText('Campo «reason»: è vuoto');
	await expect(reviewer.locator('.badge')).toHaveText('in esame');
	await reviewer
		.getByLabel('Motivo del respingimento (obbligatorio)')
		.fill('Fuori dalle priorità 2030.');
	await reviewer.getByRole('button', { name: 'Respingi' }).click();
	await expect(reviewer.locator('.badge')).toHaveText('respinta');
	await expect(reviewer.getByText('Motivo: Fuori dalle priorità 2030.')).toBeVisible();
});

test('two tabs editing the same draft: the second save is refused with a clear message', async ({
	browser
}) => {
	const context = await browser.newContext();
	const first = await context.newPage();
	await signIn(first, 'planner');
	const path = await draftThroughEditor(first, 'Dorsale in fibra');
	const second = await context.newPage();
	await openEditor(first, `${path}/modifica`);
	await openEditor(second, `${path}/modifica`);
	await first.getByLabel('Titolo').fill('Dorsale in fibra — versione di Paola');
	await first.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(first).toHaveURL(new RegExp(`${path}$`));
	await second.getByLabel('Titolo').fill('Dorsale in fibra — versione concorrente');
	await second.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(second.getByRole('alert')).toContainText('Qualcun altro ha salvato questa proposta');
	// Reloading brings the version that was saved, to apply one's changes again.
	await second.getByRole('button', { name: 'Ricarica l’ultima versione' }).click();
	await expect(second.getByLabel('Titolo')).toHaveValue('Dorsale in fibra — versione di Paola');
	// Nothing was overwritten.
	await first.reload();
	await expect(first.getByRole('heading', { level: 1 })).toHaveText(
		'Dorsale in fibra — versione di Paola'
	);
	await context.close();
});

test('a planner imports a KML area, undoes and redoes it, and the file errors are explained', async ({
	page
}) => {
	await signIn(page, 'planner');
	await openEditor(page);
	const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Area</name><Polygon><outerBoundaryIs><LinearRing>
<coordinates>10.58,43.83 10.6,43.83 10.6,43.845 10.58,43.845 10.58,43.83</coordinates>
</LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
	await page.getByLabel('Importa GeoJSON o KML').setInputFiles({
		name: 'area.kml',
		mimeType: 'application/vnd.google-earth.kml+xml',
		buffer: Buffer.from(kml)
	});
	const area = page.locator('[data-measure="area"]');
	await expect(area).toBeVisible();
	await page.getByRole('button', { name: 'Annulla' }).click();
	await expect(area).toHaveCount(0);
	await page.getByRole('button', { name: 'Ripeti' }).click();
	await expect(area).toBeVisible();

	await page.getByLabel('Importa GeoJSON o KML').setInputFiles({
		name: 'metri.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(
			JSON.stringify({
				type: 'LineString',
				coordinates: [
					[1617000, 4857000],
					[1620000, 4858000]
				]
			})
		)
	});
	await expect(page.getByRole('alert')).toContainText('non sono in gradi');
	// The drawing is unchanged.
	await expect(area).toBeVisible();
});

/** Saves the drawing as a draft and returns its geometry as the server stored it. */
async function saveAndRead(page: Page, title: string) {
	await page.getByLabel('Titolo').fill(title);
	await page.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(page).toHaveURL(/\/proposte\/[0-9a-f-]{36}$/);
	const id = new URL(page.url()).pathname.split('/').at(-1);
	return (await (await page.request.get(`/api/v1/proposals/${id}`)).json()).geometry as {
		type: string;
		coordinates: [number, number][];
	};
}

/** Centres the editor's map, so clicks land far from boundaries and stations. */
async function viewAt(page: Page, center: [number, number], zoom: number) {
	await page.evaluate(
		([lng, lat, z]) => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			map.jumpTo({ center: [lng, lat], zoom: z });
		},
		[...center, zoom]
	);
}

test('Ctrl+Z while drawing takes back the last vertex, and the line goes on from there', async ({
	page
}) => {
	await signIn(page, 'planner');
	await openEditor(page);
	// Inside Lucca, around the walls: ~70 px per km, no boundary within reach.
	await viewAt(page, [10.5, 43.845], 13);
	const planned: [number, number][] = [
		[10.485, 43.85],
		[10.495, 43.855],
		[10.5, 43.835]
	];
	const mistaken: [number, number] = [10.51, 43.85];
	const undo = page.getByRole('button', { name: 'Annulla' });
	await expect(undo).toBeDisabled();
	for (const vertex of [planned[0], planned[1], mistaken]) {
		const { x, y } = await screenPoint(page, vertex);
		await page.mouse.click(x, y);
	}
	// Mid-drawing, Undo is offered for the vertex just placed.
	await expect(undo).toBeEnabled();
	await page.keyboard.press('Control+z');
	const last = await screenPoint(page, planned[2]);
	await page.mouse.click(last.x, last.y);
	await page.mouse.click(last.x, last.y);
	await expect(page.locator('[data-measure="length"]')).toBeVisible();

	const geometry = await saveAndRead(page, 'Linea corretta a metà disegno');
	expect(geometry.type).toBe('LineString');
	expect(geometry.coordinates).toHaveLength(3);
	geometry.coordinates.forEach(([lng, lat], i) => {
		// A click lands within a pixel or two of where it was aimed (~30 m at this zoom).
		expect(Math.abs(lng - planned[i][0])).toBeLessThan(3e-4);
		expect(Math.abs(lat - planned[i][1])).toBeLessThan(3e-4);
	});
});

test('a vertex clicked a few pixels off a municipal boundary lands on it', async ({ page }) => {
	await signIn(page, 'planner');
	await openEditor(page);
	// Lucca's longest boundary edge, brought to the middle of the map at a zoom where it is long
	// on screen, so its midpoint is out of reach of both of its vertices (12 px).
	const edge = await page.evaluate(async () => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const collection = await (await fetch('/api/v1/municipalities')).json();
		const lucca = collection.features.find(
			(f: { properties: { istat: string } }) => f.properties.istat === '046017'
		);
		const rings: [number, number][][] =
			lucca.geometry.type === 'Polygon'
				? lucca.geometry.coordinates
				: lucca.geometry.coordinates.flat(1);
		let best: { a: [number, number]; b: [number, number]; degrees: number } | undefined;
		for (const ring of rings)
			for (let i = 1; i < ring.length; i++) {
				const [a, b] = [ring[i - 1], ring[i]];
				const degrees = Math.hypot(b[0] - a[0], b[1] - a[1]);
				if (!best || degrees > best.degrees) best = { a, b, degrees };
			}
		const { a, b } = best!;
		map.jumpTo({ center: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], zoom: 14 });
		const [pa, pb] = [map.project(a), map.project(b)];
		return { a, b, pixels: Math.hypot(pb.x - pa.x, pb.y - pa.y) };
	});
	expect(edge.pixels).toBeGreaterThan(60);
	const mid: [number, number] = [(edge.a[0] + edge.b[0]) / 2, (edge.a[1] + edge.b[1]) / 2];
	const near = await screenPoint(page, mid);
	// The line starts 80 px away across the boundary's normal, and ends 5 px off the boundary.
	const length = edge.pixels;
	const along = await page.evaluate(
		([a, b]) => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const [pa, pb] = [map.project(a), map.project(b)];
			return { x: pb.x - pa.x, y: pb.y - pa.y };
		},
		[edge.a, edge.b]
	);
	const normal = { x: -along.y / length, y: along.x / length };
	await page.mouse.click(near.x + normal.x * 80, near.y + normal.y * 80);
	await page.mouse.click(near.x + normal.x * 5, near.y + normal.y * 5);
	await page.mouse.click(near.x + normal.x * 5, near.y + normal.y * 5);
	await expect(page.locator('[data-measure="length"]')).toBeVisible();

	const geometry = await saveAndRead(page, 'Linea fino al confine');
	const [lng, lat] = geometry.coordinates.at(-1)!;
	// On the edge: no distance from the line through its two vertices (the API rounds to 1e-7°).
	const [ax, ay] = edge.a;
	const [bx, by] = edge.b;
	const offLine =
		Math.abs((bx - ax) * (lat - ay) - (by - ay) * (lng - ax)) / Math.hypot(bx - ax, by - ay);
	expect(offLine).toBeLessThan(2e-7);
	// Near where it was clicked, not on either vertex.
	expect(Math.hypot(lng - mid[0], lat - mid[1])).toBeLessThan(2e-4);
});
