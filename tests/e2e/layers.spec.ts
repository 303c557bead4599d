import { expect, test } from '@playwright/test';
import {
	basemapUnreachable,
	clickFeature,
	italianNumber,
	profileOf,
	renderedIstatCodes,
	screenPoint,
	waitForMapIdle
} from './helpers.ts';

const BROADBAND_FILL = 'broadband-fill';

test.beforeEach(async ({ page }) => basemapUnreachable(page));

test('the broadband layer draws every municipality when switched on, and disappears when switched off', async ({
	page
}) => {
	await page.goto('/');
	await waitForMapIdle(page);
	const hasLayer = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			return Boolean(map.getLayer('broadband-fill'));
		});
	expect(await hasLayer()).toBe(false);
	await page
		.getByRole('checkbox', { name: 'Mostra il livello Copertura banda ultra larga' })
		.check();
	await expect(page.locator('.legend')).toBeVisible();
	await waitForMapIdle(page);
	await expect.poll(async () => (await renderedIstatCodes(page, BROADBAND_FILL)).length).toBe(33);
	await expect(page).toHaveURL(/layers=broadband/);
	// The layer's title in the reader's language, and the owner's name as AGCOM writes it.
	await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText(
		'Copertura banda ultra larga: AGCOM - Broadband Map'
	);
	await page
		.getByRole('checkbox', { name: 'Mostra il livello Copertura banda ultra larga' })
		.uncheck();
	await expect.poll(hasLayer).toBe(false);
	await expect(page.locator('.maplibregl-ctrl-attrib')).not.toContainText('AGCOM');
	await expect(page).not.toHaveURL(/layers=/);
});

test('switching the indicator changes the legend, the map colours and the URL', async ({
	page
}) => {
	await page.goto('/?layers=broadband');
	await waitForMapIdle(page);
	const legend = page.locator('.legend');
	await expect(legend).toHaveAttribute('data-indicator', 'ftth_household_share');
	await expect(legend).toContainText('da 20% a meno di 40%');
	const before = await legend.innerText();
	const fillColor = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			return JSON.stringify(map.getPaintProperty('broadband-fill', 'fill-color'));
		});
	const colourBefore = await fillColor();
	await page.getByLabel('Indicatore').selectOption('addresses_ftth');
	await expect(legend).toHaveAttribute('data-indicator', 'addresses_ftth');
	expect(await legend.innerText()).not.toBe(before);
	await expect(legend).not.toContainText('non affidabile');
	await expect.poll(fillColor).not.toBe(colourBefore);
	await expect(page).toHaveURL(/indicator=addresses_ftth/);
	await page.reload();
	await waitForMapIdle(page);
	await expect(page.locator('.legend')).toHaveAttribute('data-indicator', 'addresses_ftth');
});

test('a municipality with the broadband layer on shows its coverage, and an implausible figure as unreliable', async ({
	page
}) => {
	await page.goto('/?layers=broadband');
	await waitForMapIdle(page);
	const layer = await (await page.request.get('/api/v1/layers/broadband')).json();
	const lucca = layer.features.find(
		(f: { properties: { istat: string } }) => f.properties.istat === '046017'
	).properties;
	const point = await screenPoint(page, (await profileOf(page, '046017')).label_point);
	await page.mouse.click(point.x, point.y);
	const panel = page.locator('#municipality-panel');
	await expect(panel.locator('h2')).toHaveText('Lucca');
	await expect(panel.locator('[data-fact="ftth-share"]')).toContainText(
		`${italianNumber(lucca.ftth_household_share, 1)} %`
	);
	await expect(panel.locator('[data-fact="addresses-ftth"]')).toHaveText(
		italianNumber(lucca.addresses_ftth)
	);
	await page.locator('#municipality-picker').selectOption('046018');
	await expect(panel.locator('[data-fact="ftth-share"]')).toContainText(
		'non affidabile: la fonte indica 15 famiglie residenti'
	);
});

test('the about sheet states source, licence, date, method and gaps', async ({ page }) => {
	await page.goto('/');
	const layer = page.locator('[data-layer="broadband"]');
	await layer.getByText('Informazioni sul livello').click();
	await expect(layer.locator('.about')).toContainText('AGCOM open data');
	await expect(layer.locator('.about')).toContainText('30/06/2025');
	await expect(layer.locator('.about')).toContainText('FWA');
	await expect(layer.getByRole('link', { name: /AGCOM/ })).toHaveAttribute(
		'href',
		'https://geo.agcom.it/reportistica'
	);
	await expect(layer.locator('.about')).toContainText('per comune (aggregato AGCOM)');
	// In English, the precision and the source's title too.
	await page.goto('/?lang=en');
	const english = page.locator('[data-layer="broadband"]');
	await english.locator('.about summary').click();
	await expect(english.locator('.about')).toContainText('by municipality (AGCOM aggregate)');
	await expect(english.getByRole('link', { name: /AGCOM/ })).toHaveText(
		'AGCOM – Broadband Map, reports by municipality'
	);
});

test('the layers API answers the catalogue and GeoJSON, and rejects a bad bbox in the user’s language', async ({
	request
}) => {
	const catalogue = await (await request.get('/api/v1/layers')).json();
	expect(catalogue.layers.map((l: { id: string }) => l.id)).toContain('broadband');
	const all = await (await request.get('/api/v1/layers/broadband')).json();
	expect(all.features).toHaveLength(33);
	const some = await (
		await request.get('/api/v1/layers/broadband?bbox=10.2,43.8,10.35,43.9')
	).json();
	expect(some.features.length).toBeGreaterThan(0);
	expect(some.features.length).toBeLessThan(33);
	const bad = await request.get('/api/v1/layers/broadband?bbox=10.8,43.8,10.2');
	expect(bad.status()).toBe(400);
	expect((await bad.json()).error.message).toMatch(/^Il parametro «bbox» non è valido/);
	const badEn = await request.get('/api/v1/layers/broadband?bbox=a,b,c,d&lang=en');
	expect((await badEn.json()).error.message).toMatch(/^The "bbox" parameter is not valid/);
	const unknown = await request.get('/api/v1/layers/ferrovie');
	expect(unknown.status()).toBe(404);
	expect((await unknown.json()).error.code).toBe('layer_not_found');
});

test('the Puccini layer draws its places, hollow where the position is estimated', async ({
	page,
	request
}) => {
	const expected = (await (await request.get('/api/v1/layers/puccini')).json()).features.filter(
		(f: { geometry: { type: string } }) => f.geometry.type === 'Point'
	);
	await page.goto('/');
	await waitForMapIdle(page);
	await page.getByRole('checkbox', { name: 'Mostra il livello Terre di Puccini' }).check();
	await waitForMapIdle(page);
	const rendered = async () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const features = map.queryRenderedFeatures({ layers: ['layer-puccini-circle'] });
			return [
				...new Set(features.map((f) => `${f.properties.id}:${f.properties.estimated}`))
			].sort();
		});
	await expect
		.poll(rendered)
		.toEqual(
			expected
				.map(
					(f: { properties: { id: string; estimated: boolean } }) =>
						`${f.properties.id}:${f.properties.estimated}`
				)
				.sort()
		);
	await page.getByRole('checkbox', { name: 'Mostra il livello Terre di Puccini' }).uncheck();
	await expect
		.poll(
			async () =>
				await page.evaluate(() =>
					Boolean(
						(window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap.getLayer(
							'layer-puccini-circle'
						)
					)
				)
		)
		.toBe(false);
});

test('clicking a technology pole shows its facts, source and that its position is indicative', async ({
	page,
	request
}) => {
	const poles = (await (await request.get('/api/v1/layers/technology-poles')).json()).features;
	const musa = poles.find(
		(f: { properties: { id: string } }) => f.properties.id === 'musa-pietrasanta'
	);
	await page.goto('/?layers=technology-poles');
	await waitForMapIdle(page);
	await expect
		.poll(
			async () =>
				await page.evaluate(
					() =>
						(
							window as unknown as { __atlasMap: import('maplibre-gl').Map }
						).__atlasMap.queryRenderedFeatures({ layers: ['layer-technology-poles-circle'] }).length
				)
		)
		.toBeGreaterThan(0);
	const panel = await clickFeature(page, musa.geometry.coordinates);
	await expect(panel.locator('h2')).toHaveText(musa.properties.name);
	await expect(panel.locator('[data-fact="estimated"]')).toHaveText(
		'posizione indicativa (±200 m)'
	);
	await expect(panel.locator('[data-fact="source"] a')).toHaveAttribute(
		'href',
		musa.properties.source
	);
	await expect(panel.locator('[data-fact="municipalities"] a')).toHaveAttribute(
		'href',
		'/comuni/046024'
	);
	await expect(page).toHaveURL(/feature=technology-poles%3Amusa-pietrasanta/);
	await page.reload();
	await waitForMapIdle(page);
	await expect(page.locator('#feature-panel h2')).toHaveText(musa.properties.name);
});

test('keyboard users reach the same facts from the list of visible features', async ({ page }) => {
	await page.goto('/?layers=puccini');
	await waitForMapIdle(page);
	const button = page.locator('[data-layer="puccini"] .features button', {
		hasText: 'Villa Museo Puccini'
	});
	await button.focus();
	await page.keyboard.press('Enter');
	await expect(page.locator('#feature-panel h2')).toHaveText('Villa Museo Puccini');
	await expect(page.locator('#feature-panel [data-fact="source-date"]')).toHaveText(
		'dato non disponibile'
	);
	await waitForMapIdle(page);
	const zoom = await page.evaluate(() =>
		(window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap.getZoom()
	);
	expect(zoom).toBeGreaterThanOrEqual(12);
});

test('clicking a bottleneck shows what it is and the public source that documents it', async ({
	page,
	request
}) => {
	const layer = (await (await request.get('/api/v1/layers/bottlenecks')).json()).features;
	const bottleneck = layer.find(
		(f: { properties: { id: string } }) => f.properties.id === 'binario-unico-lucca-pescia'
	);
	expect(
		layer.filter((f: { properties: { kind: string } }) => f.properties.kind === 'station').length
	).toBeGreaterThan(20);
	await page.goto('/?layers=bottlenecks');
	await waitForMapIdle(page);
	const rendered = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			return {
				rail: map.queryRenderedFeatures({ layers: ['layer-bottlenecks-rail'] }).length,
				stations: map.queryRenderedFeatures({ layers: ['layer-bottlenecks-station'] }).length,
				bottlenecks: map.queryRenderedFeatures({ layers: ['layer-bottlenecks-bottleneck-line'] })
					.length
			};
		});
	await expect.poll(async () => Object.values(await rendered()).every((n) => n > 0)).toBe(true);
	// Halfway between two stations of the schematic trace: the bottleneck, not a station.
	const [[x1, y1], [x2, y2]] = bottleneck.geometry.coordinates.slice(1, 3);
	const point = await screenPoint(page, [(x1 + x2) / 2, (y1 + y2) / 2]);
	await page.mouse.click(point.x, point.y);
	const panel = page.locator('#feature-panel');
	await expect(panel.locator('h2')).toHaveText(bottleneck.properties.name);
	await expect(panel.locator('[data-fact="source"]')).toContainText('Contratto di Programma');
	await expect(panel.locator('[data-fact="severity"]')).toHaveText('non ancora valutata');
	await expect(panel.locator('[data-fact="estimated"]')).toHaveText(
		'posizione indicativa (schematica)'
	);
	await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText(
		'Ferrovie e colli di bottiglia'
	);
	await page.screenshot({ path: 'test-results/atlas-bottleneck.png' });
});

type Bottleneck = { properties: { id: string; kind: string; type: string; name: string } };

/** Ids of the bottlenecks MapLibre actually draws (lines and points). */
const drawnBottlenecks = (page: import('@playwright/test').Page) =>
	page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const features = map.queryRenderedFeatures({
			layers: ['layer-bottlenecks-bottleneck-line', 'layer-bottlenecks-bottleneck-point']
		});
		return [...new Set(features.map((f) => String(f.properties.id)))].sort();
	});

test('a road bottleneck placed by hand says its position is indicative and links its sources', async ({
	page,
	request
}) => {
	const layer: (Bottleneck & { geometry: { coordinates: [number, number] } })[] = (
		await (await request.get('/api/v1/layers/bottlenecks')).json()
	).features;
	const bridge = layer.find((f) => f.properties.id === 'ponte-monte-san-quirico')!;
	expect(bridge.properties.type).toBe('road');
	await page.goto('/?layers=bottlenecks&lat=43.8555&lon=10.4975&z=13');
	await waitForMapIdle(page);
	const panel = await clickFeature(page, bridge.geometry.coordinates);
	await expect(panel.locator('h2')).toHaveText(bridge.properties.name);
	await expect(panel.locator('[data-fact="estimated"]')).toHaveText(
		'posizione indicativa (±500 m)'
	);
	await expect(panel.locator('[data-fact="source"] a')).toHaveAttribute(
		'href',
		/^https:\/\/luccaindiretta\.it\/.*146188$/
	);
	await expect(panel.locator('[data-fact="source-date"]')).toHaveText('16/07/2019');
	await expect(panel.locator('[data-fact="municipalities"]')).toHaveText('Lucca');
});

test('filtering bottlenecks by type narrows the map and the list, lives in the URL, and resets', async ({
	page,
	request
}) => {
	const layer: Bottleneck[] = (await (await request.get('/api/v1/layers/bottlenecks')).json())
		.features;
	const ids = (type?: string) =>
		layer
			.filter((f) => f.properties.kind === 'bottleneck' && (!type || f.properties.type === type))
			.map((f) => f.properties.id)
			.sort();
	expect(ids('road').length).toBeGreaterThan(0);
	expect(ids('rail').length).toBeGreaterThan(0);
	await page.goto('/?layers=bottlenecks');
	await waitForMapIdle(page);
	await expect.poll(() => drawnBottlenecks(page)).toEqual(ids());
	const typeFilter = page.locator('[data-filters="bottlenecks"] fieldset[data-field="type"]');
	await typeFilter.getByRole('checkbox', { name: /ferroviario/ }).uncheck();
	await expect.poll(() => drawnBottlenecks(page)).toEqual(ids('road'));
	// Railway lines stay as context: the filter is about bottlenecks.
	expect(
		await page.evaluate(
			() =>
				(
					window as unknown as { __atlasMap: import('maplibre-gl').Map }
				).__atlasMap.queryRenderedFeatures({ layers: ['layer-bottlenecks-rail'] }).length
		)
	).toBeGreaterThan(0);
	const list = page.locator('[data-layer="bottlenecks"] .features');
	const railName = layer.find((f) => f.properties.id === ids('rail')[0])!.properties.name;
	await expect(list).not.toContainText(railName);
	await expect(page.locator('[data-layer="bottlenecks"] [data-count]')).toHaveAttribute(
		'data-count',
		String(layer.filter((f) => f.properties.kind !== 'rail-line').length - ids('rail').length)
	);
	await expect(page).toHaveURL(/filter=bottlenecks\.type(%3A|:)road/);
	await page.reload();
	await waitForMapIdle(page);
	await expect.poll(() => drawnBottlenecks(page)).toEqual(ids('road'));
	await expect(typeFilter.getByRole('checkbox', { name: /ferroviario/ })).not.toBeChecked();
	await page.getByRole('button', { name: 'Mostra tutti' }).click();
	await expect.poll(() => drawnBottlenecks(page)).toEqual(ids());
	await expect(page).not.toHaveURL(/filter=/);
});

test('unchecking every value hides the layer’s features and says so', async ({ page }) => {
	await page.goto('/?layers=districts');
	await waitForMapIdle(page);
	const drawnDistricts = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const features = map.queryRenderedFeatures({ layers: ['layer-districts-fill'] });
			return [...new Set(features.map((f) => String(f.properties.sector)))].sort();
		});
	await expect.poll(drawnDistricts).toEqual(['footwear', 'nautical', 'paper', 'stone']);
	const sectors = page.locator('[data-filters="districts"] fieldset[data-field="sector"]');
	for (const name of ['lapideo', 'nautica', 'calzaturiero'])
		await sectors.getByRole('checkbox', { name }).uncheck();
	await expect.poll(drawnDistricts).toEqual(['paper']);
	await sectors.getByRole('checkbox', { name: 'cartario' }).uncheck();
	await expect.poll(drawnDistricts).toEqual([]);
	await expect(page.locator('[data-layer="districts"]')).toContainText(
		'Nessun elemento corrisponde ai filtri.'
	);
});

test('an itinerary filter keeps its route and its stops only', async ({ page, request }) => {
	const layer: { properties: { id: string; kind: string; itineraries: string[] } }[] = (
		await (await request.get('/api/v1/layers/puccini')).json()
	).features;
	const celle = layer.find((f) => f.properties.id === 'itinerario-lucca-celle')!;
	const expected = layer
		.filter((f) => f.properties.itineraries.includes(celle.properties.id))
		.map((f) => f.properties.id)
		.sort();
	expect(expected.length).toBeLessThan(layer.length);
	await page.goto(`/?layers=puccini&filter=puccini.itinerary:${celle.properties.id}`);
	await waitForMapIdle(page);
	const drawn = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const features = map.queryRenderedFeatures({
				layers: ['layer-puccini-circle', 'layer-puccini-route']
			});
			return [...new Set(features.map((f) => String(f.properties.id)))].sort();
		});
	await expect.poll(drawn).toEqual(expected);
});

test('each visible layer has a legend with only the symbols it draws', async ({ page }) => {
	await page.goto('/?layers=bottlenecks,puccini,districts');
	await waitForMapIdle(page);
	const legend = (layer: string) => page.locator(`[data-legend="${layer}"]`);
	await expect(legend('bottlenecks')).toContainText('Linea ferroviaria (RFI)');
	await expect(legend('bottlenecks')).toContainText('Collo di bottiglia, tracciato schematico');
	await expect(legend('bottlenecks')).toContainText('Collo di bottiglia, posizione indicativa');
	await expect(legend('puccini').locator('li')).toHaveText([
		'Posizione indicativa',
		'Itinerario (tracciato indicativo)'
	]);
	await expect(legend('districts').locator('li')).toHaveCount(4);
	await expect(legend('districts')).toContainText('Settore: cartario');
	await page.getByRole('checkbox', { name: 'Mostra il livello Terre di Puccini' }).uncheck();
	await expect(legend('puccini')).toHaveCount(0);
	await page.locator('[data-filters="bottlenecks"]').scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'test-results/layer-panel-bottlenecks.png' });
});

test('clicking an industrial district shows its sector, members and key figures with their source', async ({
	page,
	request
}) => {
	const districts = (await (await request.get('/api/v1/layers/districts')).json()).features;
	const nautical = districts.find(
		(f: { properties: { sector: string } }) => f.properties.sector === 'nautical'
	);
	await page.goto('/?layers=districts');
	await waitForMapIdle(page);
	await expect
		.poll(() =>
			page.evaluate(() => {
				const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
				return new Set(
					map
						.queryRenderedFeatures({ layers: ['layer-districts-fill'] })
						.map((f) => f.properties.id)
				).size;
			})
		)
		.toBe(districts.length);
	await page
		.locator('[data-layer="districts"] .features button', { hasText: nautical.properties.name })
		.click();
	const panel = page.locator('#feature-panel');
	await expect(panel.locator('h2')).toHaveText(nautical.properties.name);
	await expect(panel.locator('[data-fact="sector"]')).toHaveText('nautica');
	await expect(panel.locator('[data-fact="municipalities"]')).toHaveText('Viareggio');
	await expect(panel.locator('[data-fact="key-figures"]')).toContainText('497 imprese');
	await expect(panel.locator('[data-fact="key-figures"] a')).toHaveText('fonte, 2017');
});

test('an itinerary can be downloaded as GPX and GeoJSON, with its stops in order', async ({
	page,
	request
}) => {
	const layer = (await (await request.get('/api/v1/layers/puccini')).json()).features;
	const itineraries = layer.filter(
		(f: { properties: { kind: string } }) => f.properties.kind === 'itinerary'
	);
	expect(itineraries.length).toBeGreaterThanOrEqual(2);
	const itinerary = itineraries.find(
		(f: { properties: { id: string } }) => f.properties.id === 'itinerario-lucca-torre-del-lago'
	);
	await page.goto('/?layers=puccini');
	await waitForMapIdle(page);
	await page
		.locator('[data-layer="puccini"] .features button', { hasText: itinerary.properties.name })
		.click();
	const panel = page.locator('#feature-panel');
	await expect(panel.locator('[data-fact="stops"] li')).toHaveText(
		itinerary.properties.stops.map((s: { name: string }) => s.name)
	);
	const [gpxDownload] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('link', { name: 'GPX' }).click()
	]);
	expect(gpxDownload.suggestedFilename()).toBe('itinerario-lucca-torre-del-lago.gpx');
	const gpxText = await (
		await import('node:fs/promises')
	).readFile((await gpxDownload.path())!, 'utf8');
	const parsed = await page.evaluate((text) => {
		const xml = new DOMParser().parseFromString(text, 'application/xml');
		if (xml.querySelector('parsererror')) return null;
		return [...xml.querySelectorAll('rtept')].map((p) => ({
			name: p.querySelector('name')?.textContent,
			lon: Number(p.getAttribute('lon')),
			lat: Number(p.getAttribute('lat'))
		}));
	}, gpxText);
	expect(parsed).toEqual(
		itinerary.properties.stops.map((s: { name: string; coordinates: [number, number] }) => ({
			name: s.name,
			lon: s.coordinates[0],
			lat: s.coordinates[1]
		}))
	);
	const [geojsonDownload] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('link', { name: 'GeoJSON' }).click()
	]);
	const geojson = JSON.parse(
		await (await import('node:fs/promises')).readFile((await geojsonDownload.path())!, 'utf8')
	);
	expect(geojson.features[0].geometry).toEqual(itinerary.geometry);
	const bad = await request.get('/api/v1/itineraries/../../etc.gpx');
	expect([400, 404]).toContain(bad.status());
	const unknown = await request.get('/api/v1/itineraries/nessuno.gpx');
	expect(unknown.status()).toBe(404);
	expect((await unknown.json()).error.message).toBe('Nessun itinerario «nessuno».');
});

test('all layers on at once: each draws, and the screenshot is kept for review', async ({
	page
}) => {
	await page.goto(
		'/?layers=broadband,districts,bottlenecks,technology-poles,puccini,interventions'
	);
	await waitForMapIdle(page);
	const counts = () =>
		page.evaluate(() => {
			const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
			const count = (id: string) => map.queryRenderedFeatures({ layers: [id] }).length;
			return [
				'broadband-fill',
				'layer-districts-fill',
				'layer-bottlenecks-rail',
				'layer-bottlenecks-station',
				'layer-technology-poles-circle',
				'layer-puccini-circle',
				'layer-puccini-route',
				'layer-interventions-point'
			].map(count);
		});
	await expect.poll(async () => (await counts()).every((n) => n > 0)).toBe(true);
	await page.screenshot({ path: 'test-results/atlas-all-layers.png' });
});
