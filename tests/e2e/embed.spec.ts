import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { PNG } from 'pngjs';
import { lightTheme } from '../../src/lib/map/theme.ts';
import { framedBbox, staticMapProjection, type BBox } from '../../src/lib/map/static-map-layout.ts';
import { chromiumLaunch } from '../playwright.config.ts';
import { basemapUnreachable, profileOf } from './helpers.ts';

/** A municipal website: another origin than the atlas, served by the test itself. */
const OTHER_SITE = 'http://comune-di-esempio.test';
const LUCCA = '046017';
const CAPANNORI = '046007';

// The other site is played by page.route, which Chromium counts as a public address; its Local
// Network Access checks would then block the frame on the loopback atlas before any framing rule
// (a published atlas is public too). Those checks are off here: the CSP is what is tested.
test.use({
	launchOptions: {
		...chromiumLaunch,
		args: [...chromiumLaunch.args, '--disable-features=LocalNetworkAccessChecks']
	}
});

test.beforeEach(async ({ page }) => basemapUnreachable(page));

/** Serves a page of the other site that frames the given atlas addresses. */
async function frameOnOtherSite(page: Page, frames: Record<string, string>) {
	await page.route(`${OTHER_SITE}/**`, (route) =>
		route.fulfill({
			contentType: 'text/html; charset=utf-8',
			body: `<!doctype html><html lang="it"><title>Comune di esempio</title><h1>Sito del comune</h1>${Object.entries(
				frames
			)
				.map(
					([id, src]) =>
						`<iframe id="${id}" name="${id}" src="${src}" title="${id}" width="800" height="500"></iframe>`
				)
				.join('')}</html>`
		})
	);
	await page.goto(`${OTHER_SITE}/pagina`);
}

async function layerTitles(request: APIRequestContext, lang: 'it' | 'en' = 'it') {
	const { layers }: { layers: { id: string; title: Record<string, string> }[] } = await (
		await request.get('/api/v1/layers')
	).json();
	return Object.fromEntries(layers.map((l) => [l.id, l.title[lang]]));
}

test('a page of another origin frames the embed, whose map draws; the atlas itself refuses the frame', async ({
	page,
	baseURL
}) => {
	const refusals: string[] = [];
	page.on('console', (message) => {
		if (message.text().includes('frame-ancestors')) refusals.push(message.text());
	});
	await frameOnOtherSite(page, {
		embed: `${baseURL}/embed?comune=${LUCCA}&layers=technology-poles`,
		atlas: `${baseURL}/?comune=${LUCCA}`
	});
	const embed = page.frameLocator('#embed');
	await expect(embed.locator('.map[data-status="ready"][data-idle="true"]')).toBeVisible({
		timeout: 30_000
	});
	const frame = page.frame({ name: 'embed' })!;
	const drawn = await frame.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const istat = map
			.queryRenderedFeatures({ layers: ['municipalities-fill'] })
			.map((f) => String(f.properties.istat));
		const poles = map.queryRenderedFeatures({ layers: ['layer-technology-poles-circle'] }).length;
		return {
			istat: [...new Set(istat)],
			poles,
			selected: map.getFeatureState({ source: 'municipalities', id: '046017' }).selected
		};
	});
	expect(drawn.istat).toContain(LUCCA);
	expect(drawn.poles).toBeGreaterThan(0);
	expect(drawn.selected).toBe(true);
	// Read-only and without the site's chrome: no search, no layer panel, no sign-in, no nav.
	await expect(embed.locator('nav, footer, header, form, input[type="search"]')).toHaveCount(0);
	await expect(embed.locator('[data-legend-layer="technology-poles"] li').first()).toBeVisible();
	const open = embed.getByRole('link', { name: /Apri l’atlante completo/ });
	await expect(open).toHaveAttribute('target', '_blank');
	await expect(open).toHaveAttribute(
		'href',
		`${baseURL}/?comune=${LUCCA}&layers=technology-poles&lang=it`
	);
	await expect(embed.locator('.maplibregl-ctrl-attrib')).toContainText('ISTAT');

	// The atlas's own page, framed the same way: Chromium refuses it and shows none of it.
	await expect.poll(() => refusals.length).toBeGreaterThan(0);
	expect(refusals.join('\n')).toContain("frame-ancestors 'none'");
	const refused = page.frame({ name: 'atlas' })!;
	expect(await refused.locator('.map').count()).toBe(0);
	// Chromium's own error page stands in its place, with nothing of the atlas in it.
	expect(refused.url()).toMatch(/^chrome-error:/);
	expect(await refused.getByText('Atlante Lucca 2030').count()).toBe(0);
});

test('only /embed may be framed: the headers per path, fresh and from the cache', async ({
	request
}) => {
	for (let round = 0; round < 2; round++) {
		const embed = await request.get(`/embed?comune=${LUCCA}&layers=broadband`);
		expect(embed.status()).toBe(200);
		expect(embed.headers()['content-security-policy']).toMatch(/frame-ancestors \*(;|$)/);
		expect(embed.headers()['x-frame-options']).toBeUndefined();
		// The framing site's choice of language is not remembered as the visitor's.
		const english = await request.get(`/embed?comune=${LUCCA}&lang=en`);
		expect(english.headers()['set-cookie']).toBeUndefined();
		expect(english.headers()['x-frame-options']).toBeUndefined();
		expect(await english.text()).toContain('Open the full atlas');
		for (const path of ['/', `/comuni/${LUCCA}`, '/api/v1/municipalities', '/cerca']) {
			const response = await request.get(path);
			expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
			expect(response.headers()['x-frame-options']).toBe('DENY');
		}
	}
});

test('bad embed parameters are explained in the reader’s language, inside the frame', async ({
	page
}) => {
	let response = await page.goto('/embed?comune=999999');
	expect(response!.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText('Nessun comune della provincia');
	expect(response!.headers()['x-frame-options']).toBeUndefined();
	response = await page.goto('/embed?layers=broadband,strade&lang=en');
	expect(response!.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText('No layer "strade"');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Map not available');
	response = await page.goto('/embed?lang=fr');
	expect(response!.status()).toBe(400);
	await expect(page.getByRole('alert')).toContainText('Lingua "fr" non disponibile');
	await expect(page.getByRole('alert')).toContainText('Language "fr" is not available');
});

test('the atlas’s dialog copies the embed code of the current view', async ({
	page,
	context,
	baseURL,
	request
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
	await page.goto(`/?comune=${LUCCA}&layers=broadband`);
	await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
	const opener = page.getByRole('button', { name: 'Copia codice di incorporamento' });
	await opener.focus();
	await page.keyboard.press('Enter');
	const dialog = page.getByRole('dialog', { name: 'Incorpora questa mappa' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('radio', { name: /Grande/ }).check();
	await dialog.getByRole('button', { name: 'Copia il codice' }).click();
	await expect(dialog.getByRole('status')).toHaveText('Codice copiato negli appunti.');
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	const lucca = await profileOf(page, LUCCA);
	const titles = await layerTitles(request);
	expect(copied).toBe(
		`<iframe src="${baseURL}/embed?comune=${LUCCA}&amp;layers=broadband&amp;lang=it" ` +
			`title="Mappa: ${lucca.name} · ${titles.broadband} · Atlante Lucca 2030" ` +
			`width="800" height="600" style="border:0" loading="lazy" allowfullscreen></iframe>`
	);
	await expect(dialog.locator('[data-embed-code]')).toHaveValue(copied);
	// The oEmbed link describes the same view.
	const oembed = await (
		await request.get((await dialog.locator('[data-oembed-link]').getAttribute('href'))!)
	).json();
	expect(oembed.html).toContain(`/embed?comune=${LUCCA}&amp;layers=broadband`);
	// Escape closes it, and the keyboard is back where it was.
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(opener).toBeFocused();
});

test('the comune page’s dialog selects the code when the clipboard is refused', async ({
	page,
	baseURL
}) => {
	await page.goto(`/comuni/${CAPANNORI}?lang=en`);
	await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
	// No clipboard permission: writeText is refused, so the code is selected for Ctrl+C.
	await page.evaluate(() => {
		Object.defineProperty(navigator, 'clipboard', {
			value: { writeText: () => Promise.reject(new Error('denied')) }
		});
	});
	await page.getByRole('button', { name: 'Copy embed code' }).click();
	const dialog = page.getByRole('dialog', { name: 'Embed this map' });
	await dialog.getByRole('button', { name: 'Copy the code' }).click();
	await expect(dialog.getByRole('status')).toContainText('The code is selected');
	const code = dialog.locator('[data-embed-code]');
	await expect(code).toBeFocused();
	const selected = await code.evaluate((area: HTMLTextAreaElement) =>
		area.value.slice(area.selectionStart, area.selectionEnd)
	);
	expect(selected).toContain(`src="${baseURL}/embed?comune=${CAPANNORI}&amp;lang=en"`);
	expect(selected).toContain('width="640" height="480"');
});

test('oEmbed describes a view as a rich iframe with its static map, and is discoverable', async ({
	page,
	request,
	baseURL
}) => {
	await page.goto(`/comuni/${LUCCA}`);
	const discovery = page.locator('link[rel="alternate"][type="application/json+oembed"]');
	const href = (await discovery.getAttribute('href'))!;
	expect(new URL(href).searchParams.get('url')).toBe(`${baseURL}/comuni/${LUCCA}`);
	const response = await request.get(`${href}&maxwidth=500&maxheight=400`);
	expect(response.status()).toBe(200);
	const body = await response.json();
	const lucca = await profileOf(page, LUCCA);
	expect(body).toMatchObject({
		version: '1.0',
		type: 'rich',
		provider_name: 'Atlante Lucca 2030',
		provider_url: `${baseURL}/`,
		title: `${lucca.name} · Atlante Lucca 2030`,
		width: 500,
		height: 400
	});
	expect(body.html).toMatch(
		new RegExp(
			`^<iframe src="${baseURL}/embed\\?comune=${LUCCA}&amp;lang=it" title="[^"]+" width="500" height="400"`
		)
	);
	expect(body.thumbnail_width).toBeLessThanOrEqual(500);
	expect(body.thumbnail_height).toBeLessThanOrEqual(400);
	const thumbnail = await request.get(body.thumbnail_url);
	expect(thumbnail.headers()['content-type']).toBe('image/png');
	const image = PNG.sync.read(await thumbnail.body());
	expect([image.width, image.height]).toEqual([body.thumbnail_width, body.thumbnail_height]);

	const url = encodeURIComponent(`${baseURL}/comuni/${LUCCA}`);
	expect((await request.get(`/api/v1/oembed?url=${url}&format=xml`)).status()).toBe(501);
	for (const unknown of [
		`${baseURL}/comuni/999999`,
		`${baseURL}/?layers=strade`,
		`https://altro-sito.example/comuni/${LUCCA}`,
		`${baseURL}/cerca`
	]) {
		const refused = await request.get(`/api/v1/oembed?url=${encodeURIComponent(unknown)}`);
		expect(refused.status()).toBe(404);
		expect((await refused.json()).error.message).toContain(unknown);
	}
	expect((await request.get(`/api/v1/oembed?url=${url}&maxwidth=zero`)).status()).toBe(400);
});

test('the atlas’s social preview is the static map of its view', async ({
	page,
	request,
	baseURL
}) => {
	await page.goto(`/?comune=${LUCCA}&layers=districts`);
	const titles = await layerTitles(request);
	const lucca = await profileOf(page, LUCCA);
	await expect(page.locator('meta[property="og:title"]')).toHaveAttribute(
		'content',
		`${lucca.name} · ${titles.districts} · Atlante Lucca 2030`
	);
	await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute(
		'content',
		'summary_large_image'
	);
	const image = (await page.locator('meta[property="og:image"]').getAttribute('content'))!;
	expect(image.startsWith(`${baseURL}/api/v1/static-map?`)).toBe(true);
	const png = PNG.sync.read(await (await request.get(image)).body());
	expect([png.width, png.height]).toEqual([1200, 630]);
});

/** The colour `over` at `opacity` on top of `under`, as a compositor blends it. */
function blend(under: string, over: string, opacity: number): number[] {
	const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
	const [a, b] = [rgb(under), rgb(over)];
	return a.map((value, i) => value * (1 - opacity) + b[i] * opacity);
}

test('the static map PNG has the asked size, many colours, and the comune highlighted where it lies', async ({
	page,
	request
}) => {
	const [width, height] = [800, 500];
	const response = await request.get(
		`/api/v1/static-map?comune=${LUCCA}&width=${width}&height=${height}`
	);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('image/png');
	const png = PNG.sync.read(await response.body());
	expect([png.width, png.height]).toEqual([width, height]);
	const pixel = (x: number, y: number) => {
		const at = (Math.round(y) * png.width + Math.round(x)) * 4;
		return [png.data[at], png.data[at + 1], png.data[at + 2]];
	};
	const colours = new Set<number>();
	for (let i = 0; i < png.data.length; i += 4)
		colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
	expect(colours.size).toBeGreaterThan(100);

	// The same projection the server used: Lucca framed, no legend (no layers).
	const lucca = await profileOf(page, LUCCA);
	const capannori = await profileOf(page, CAPANNORI);
	const { bbox } = (await (await request.get(`/api/v1/municipalities/${LUCCA}`)).json()) as {
		bbox: BBox;
	};
	const boundaries: FeatureCollection<MultiPolygon, { istat: string }> = await (
		await request.get('/api/v1/municipalities')
	).json();
	const luccaShape = boundaries.features.find((f) => f.properties.istat === LUCCA)!;
	const projection = staticMapProjection(framedBbox(bbox), width, height, false);
	// Lucca's name is written at its label point: a point 30 px away, well inside Lucca (all of
	// its 8 px surroundings too, clear of the outline), shows the fill.
	const insideLucca = (x: number, y: number) =>
		booleanPointInPolygon(projection.invert!([x, y])!, luccaShape);
	const [labelX, labelY] = projection(lucca.label_point)!;
	const fillPoint = [0, 45, 90, 135, 180, 225, 270, 315]
		.map((degrees) => [
			labelX + 30 * Math.cos((degrees * Math.PI) / 180),
			labelY + 30 * Math.sin((degrees * Math.PI) / 180)
		])
		.find(([x, y]) =>
			[-8, 0, 8].every((dx) => [-8, 0, 8].every((dy) => insideLucca(x + dx, y + dy)))
		);
	expect(fillPoint, 'a point inside Lucca away from its name').toBeDefined();
	const inLucca = pixel(fillPoint![0], fillPoint![1]);
	const inCapannori = pixel(...(projection(capannori.label_point)! as [number, number]));
	// The municipality fill over the land, at the opacities of the atlas's style (selected 0.35).
	const close = (actual: number[], expected: number[]) =>
		actual.every((value, i) => Math.abs(value - expected[i]) <= 3);
	const selected = blend(lightTheme.land, lightTheme.municipalitySelected, 0.35);
	const other = blend(lightTheme.land, lightTheme.municipalityFill, 0.7);
	expect(close(inLucca, selected), `Lucca ${inLucca}, expected ${selected}`).toBe(true);
	expect(close(inCapannori, other), `Capannori ${inCapannori}, expected ${other}`).toBe(true);

	// Public data: the second answer comes from the cache, validated by its ETag.
	const etag = response.headers().etag;
	expect(etag).toBeTruthy();
	const again = await request.get(
		`/api/v1/static-map?comune=${LUCCA}&width=${width}&height=${height}`,
		{
			headers: { 'if-none-match': etag }
		}
	);
	expect(again.status()).toBe(304);
});

test('static map parameters out of bounds are refused in the reader’s language', async ({
	request
}) => {
	for (const [query, message] of [
		['width=5000', 'Dimensioni non valide'],
		['height=10', 'Dimensioni non valide'],
		['width=12.5', 'Dimensioni non valide'],
		['comune=999999', 'Nessun comune'],
		['layers=strade', 'Nessuno strato "strade"'],
		['layers=strade&lang=en', 'No layer "strade"']
	]) {
		const response = await request.get(`/api/v1/static-map?${query}`);
		expect(response.status(), query).toBe(400);
		expect((await response.json()).error.message, query).toContain(message);
	}
});

test('a burst of new static maps is drawn a few at a time, the rest told when to come back', async ({
	request
}) => {
	// Each size is a new image: none of them can come from the cache.
	const sizes = Array.from({ length: 12 }, (_, i) => [1600 - i, 1200 - i]);
	const answers = await Promise.all(
		sizes.map(([width, height]) =>
			request.get(
				`/api/v1/static-map?layers=national-broadband,broadband&width=${width}&height=${height}`
			)
		)
	);
	const statuses = answers.map((a) => a.status());
	expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
	const refused = answers.filter((a) => a.status() === 503);
	expect(refused.length, statuses.join(',')).toBeGreaterThan(0);
	expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
	for (const answer of refused) {
		expect(Number(answer.headers()['retry-after'])).toBeGreaterThan(0);
		expect((await answer.json()).error.message).toContain('Il servizio è molto richiesto');
	}
	const after = await request.get('/api/v1/static-map?width=400&height=300');
	expect(after.status()).toBe(200);
});
