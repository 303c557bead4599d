import { createHash } from 'node:crypto';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { SUPABASE_E2E, SUPABASE_E2E_PORT, signIn } from './accounts.ts';
import {
	basemapUnreachable,
	FILL_LAYER,
	LABEL_LAYER,
	renderedIstatCodes,
	screenPoint,
	waitForMapIdle
} from './helpers.ts';

/**
 * Everything the browser refused because of the page's policies: `securitypolicyviolation`
 * events, and the console's "Refused to …" / Permissions-Policy errors. Kept across navigations.
 */
async function watchPolicies(page: Page): Promise<string[]> {
	const refused: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy|Permissions-Policy|Refused to/i.test(message.text()))
			refused.push(`console: ${message.text()}`);
	});
	page.on('requestfailed', (request) => {
		if (/BLOCKED_BY_CSP/i.test(request.failure()?.errorText ?? ''))
			refused.push(`blocked: ${request.url()}`);
	});
	await page.exposeFunction('__reportPolicyViolation', (text: string) =>
		refused.push(`event: ${text}`)
	);
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { __reportPolicyViolation: (t: string) => void })
				.__reportPolicyViolation;
			void report(`${event.effectiveDirective} ${event.blockedURI}`);
		});
	});
	return refused;
}

const SHA256_SOURCE = /'sha256-[A-Za-z0-9+/]+=*'/;

function expectSecurityHeaders(response: APIResponse, what: string) {
	const headers = response.headers();
	const csp = headers['content-security-policy'] ?? '';
	for (const directive of [
		"default-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"frame-ancestors 'none'",
		"form-action 'self'",
		"worker-src 'self'"
	])
		expect(csp, `${what}: ${directive}`).toContain(directive);
	// The basemap's origin (the suite's stand-in) for MapLibre's fetches.
	expect(csp, what).toMatch(/connect-src 'self' https:\/\/basemap\.invalid(;|$)/);
	expect(headers['x-content-type-options'], what).toBe('nosniff');
	expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
	expect(headers['permissions-policy'], what).toContain('camera=()');
	expect(headers['permissions-policy'], what).toContain('geolocation=()');
	// Served over plain http: no HSTS.
	expect(headers['strict-transport-security'], what).toBeUndefined();
	return csp;
}

test.describe('security headers', () => {
	test('are on pages, JSON, 404s and API errors; pages carry the hash of their own script', async ({
		request
	}) => {
		const page = await request.get('/comuni/046007');
		expect(page.status()).toBe(200);
		const csp = expectSecurityHeaders(page, 'page');
		// Kit's inline hydration script is allowed by its hash, and nothing else inline is.
		const html = await page.text();
		const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
		expect(inline.length).toBeGreaterThan(0);
		for (const script of inline) {
			const hash = createHash('sha256').update(script).digest('base64');
			expect(csp).toContain(`'sha256-${hash}'`);
		}
		expect(csp).not.toContain("'unsafe-inline' 'sha256");
		expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);

		const json = await request.get('/api/v1/municipalities');
		expect(json.status()).toBe(200);
		expect(expectSecurityHeaders(json, 'JSON')).not.toMatch(SHA256_SOURCE);

		const missingPage = await request.get('/questa-pagina-non-esiste');
		expect(missingPage.status()).toBe(404);
		expect(expectSecurityHeaders(missingPage, 'page 404')).toMatch(SHA256_SOURCE);

		const missingApi = await request.get('/api/v1/non-esiste');
		expect(missingApi.status()).toBe(404);
		expectSecurityHeaders(missingApi, 'API 404');

		const refused = await request.post('/api/v1/proposals', { data: { title: 'x' } });
		expect(refused.status()).toBe(401);
		expectSecurityHeaders(refused, 'API error');

		const foreign = await request.post('/api/v1/proposals', {
			data: {},
			headers: { origin: 'https://altro.example', 'sec-fetch-site': 'cross-site' }
		});
		expect(foreign.status()).toBe(403);
		expectSecurityHeaders(foreign, 'cross-site refusal');
	});

	test('an anonymous page is byte-identical from one request to the next (cacheable)', async ({
		request
	}) => {
		const first = await request.get('/comuni/046017');
		const second = await request.get('/comuni/046017');
		expect(await second.body()).toEqual(await first.body());
		expect(second.headers()['content-security-policy']).toBe(
			first.headers()['content-security-policy']
		);
	});
});

test.describe('the pages work under the policy', () => {
	test('the policy is enforced: an injected script and a foreign image are refused', async ({
		page
	}) => {
		const refused = await watchPolicies(page);
		await basemapUnreachable(page);
		await page.goto('/comuni/046007');
		await page.evaluate(() => {
			const script = document.createElement('script');
			script.textContent = 'window.__injected = true';
			document.body.append(script);
			const image = new Image();
			image.src = 'https://altrove.invalid/pixel.png';
			document.body.append(image);
		});
		await expect.poll(() => refused.length).toBeGreaterThanOrEqual(2);
		expect(refused.join('\n')).toContain('script-src');
		expect(refused.join('\n')).toContain('img-src');
		expect(await page.evaluate(() => '__injected' in window)).toBe(false);
	});

	test('the atlas map draws offline: municipalities, labels (MapLibre worker and fonts)', async ({
		page
	}) => {
		const refused = await watchPolicies(page);
		await basemapUnreachable(page);
		await page.goto('/');
		await waitForMapIdle(page);
		await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'offline');
		expect(await renderedIstatCodes(page, FILL_LAYER)).toHaveLength(33);
		expect((await renderedIstatCodes(page, LABEL_LAYER)).length).toBeGreaterThan(20);
		await page.screenshot({ path: 'test-results/security-atlas-map.png' });
		expect(refused).toEqual([]);
	});

	test('the atlas map draws an online basemap: style, raster tiles, sprite and glyphs', async ({
		page
	}) => {
		const refused = await watchPolicies(page);
		const served = new Set<string>();
		const PIXEL = Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
			'base64'
		);
		const style = {
			version: 8,
			glyphs: 'https://basemap.invalid/fonts/{fontstack}/{range}.pbf',
			sprite: 'https://basemap.invalid/sprites/online',
			sources: {
				'online-raster': {
					type: 'raster',
					tiles: ['https://basemap.invalid/tiles/{z}/{x}/{y}.png'],
					tileSize: 256
				},
				'online-places': {
					type: 'geojson',
					data: {
						type: 'Feature',
						properties: {},
						geometry: { type: 'Point', coordinates: [10.5, 43.84] }
					}
				}
			},
			layers: [
				{ id: 'online-background', type: 'background', paint: { 'background-color': '#dde7d0' } },
				{ id: 'online-raster', type: 'raster', source: 'online-raster' },
				{
					id: 'online-places',
					type: 'symbol',
					source: 'online-places',
					layout: { 'icon-image': 'dot', 'text-field': 'Luogo', 'text-font': ['Online Sans'] }
				}
			]
		};
		await page.route('https://basemap.invalid/**', (route) => {
			const path = new URL(route.request().url()).pathname;
			const kind = path.split('/')[1];
			served.add(kind === 'sprites' ? path : kind);
			if (kind === 'styles') return route.fulfill({ json: style });
			if (path.endsWith('.json'))
				return route.fulfill({ json: { dot: { x: 0, y: 0, width: 1, height: 1, pixelRatio: 1 } } });
			if (path.endsWith('.png')) return route.fulfill({ body: PIXEL, contentType: 'image/png' });
			// An empty glyph range: valid protobuf, no glyphs.
			return route.fulfill({ body: Buffer.alloc(0), contentType: 'application/x-protobuf' });
		});
		await page.goto('/');
		await waitForMapIdle(page);
		await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'online');
		expect(await renderedIstatCodes(page, FILL_LAYER)).toHaveLength(33);
		// Every kind of request reached the basemap's origin: none was stopped by the policy.
		expect([...served].sort()).toEqual([
			'/sprites/online.json',
			'/sprites/online.png',
			'fonts',
			'styles',
			'tiles'
		]);
		expect(refused).toEqual([]);
	});

	test('the proposal editor draws with terra-draw', async ({ page }) => {
		const refused = await watchPolicies(page);
		await basemapUnreachable(page);
		await signIn(page, 'planner');
		await page.goto('/proposte/nuova');
		await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
		const vertices: [number, number][] = [
			[10.47, 43.85],
			[10.55, 43.845],
			[10.6, 43.83],
			[10.6, 43.83]
		];
		for (const vertex of vertices) {
			const { x, y } = await screenPoint(page, vertex);
			await page.mouse.click(x, y);
		}
		await expect(page.locator('[data-measure="length"]')).toBeVisible();
		await expect(page.locator('[data-origin="live"] .municipalities li')).toHaveCount(2);
		expect(refused).toEqual([]);
	});

	test('a comune page hydrates: its links navigate without reloading', async ({ page }) => {
		const refused = await watchPolicies(page);
		await page.goto('/comuni/046007');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Capannori');
		await expect(page.locator('figure svg path').first()).toBeVisible();
		// Hydrated (the layout marks it): a click before that is the browser's own navigation.
		await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
		await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
		await page.locator('.neighbours a', { hasText: 'Lucca' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lucca');
		// Still the same document: Kit's client router (its inline script allowed by hash) did it.
		expect(await page.evaluate(() => '__samePage' in window)).toBe(true);
		expect(refused).toEqual([]);
	});

	test('the sign-in page signs a planner in', async ({ page }) => {
		const refused = await watchPolicies(page);
		await signIn(page, 'planner');
		await expect(page.locator('.account')).toContainText('Paola Planner');
		expect(refused).toEqual([]);
	});

	test.describe('in Supabase mode', () => {
		const atlas = `http://127.0.0.1:${SUPABASE_E2E_PORT}`;
		const auth = `http://127.0.0.1:${SUPABASE_E2E_PORT + 1}`;
		test.use({ baseURL: atlas });

		test('supabase-js reaches Supabase Auth and signs in', async ({ page }) => {
			const refused = await watchPolicies(page);
			const response = await page.goto('/accedi');
			expect(response?.headers()['content-security-policy']).toContain(
				`connect-src 'self' https://basemap.invalid ${auth}`
			);
			await page.getByLabel('Email').fill(SUPABASE_E2E.email);
			await page.getByLabel('Password').fill(SUPABASE_E2E.password);
			await page.getByRole('button', { name: 'Accedi', exact: true }).click();
			await expect(page).toHaveURL(/\/proposte$/);
			await expect(page.locator('.account')).toContainText(SUPABASE_E2E.name);
			expect(refused).toEqual([]);
		});
	});
});

test.describe('sign-in comes before the body', () => {
	const HUGE = 'x'.repeat(6 * 1024 * 1024);
	const MESSAGES = { it: 'Accedi per continuare.', en: 'Sign in to continue.' } as const;

	test('anonymous writes get 401 in the reader’s language, whatever the body; nothing changes', async ({
		page,
		request
	}) => {
		await signIn(page, 'planner');
		const { id } = await (
			await page.request.post('/api/v1/proposals', {
				data: { title: 'Bozza da proteggere', geometry: LINE_LUCCA_CAPANNORI }
			})
		).json();
		const snapshot = async () => ({
			mine: ((await (await page.request.get('/api/v1/proposals')).json()) as unknown[]).length,
			public: ((await (await request.get('/api/v1/proposals')).json()) as unknown[]).length,
			proposal: await (await page.request.get(`/api/v1/proposals/${id}`)).json()
		});
		const before = await snapshot();
		expect(before.proposal).toMatchObject({ version: 1, status: 'draft', comments: [] });

		const bodies = {
			malformed: '{"title": ',
			invalid: JSON.stringify({ title: '', geometry: { type: 'Point', coordinates: [0, 0] } }),
			huge: JSON.stringify({ title: 'Enorme', description: HUGE })
		};
		const writes = [
			['POST', '/api/v1/proposals'],
			['PATCH', `/api/v1/proposals/${id}`],
			['POST', `/api/v1/proposals/${id}/comments`],
			['POST', `/api/v1/proposals/${id}/transition`]
		] as const;
		for (const [lang, message] of Object.entries(MESSAGES))
			for (const [method, path] of writes)
				for (const [kind, body] of Object.entries(bodies)) {
					const what = `${method} ${path} (${kind}, ${lang})`;
					const response = await request.fetch(`${path}?lang=${lang}`, {
						method,
						data: Buffer.from(body),
						headers: { 'content-type': 'application/json' }
					});
					expect(response.status(), what).toBe(401);
					expect(await response.json(), what).toEqual({
						error: { code: 'sign_in_needed', message }
					});
				}
		expect(await snapshot()).toEqual(before);
	});

	test('anonymous form actions get 401 too, before their form is read', async ({
		page,
		request
	}) => {
		await signIn(page, 'planner');
		const { id } = await (
			await page.request.post('/api/v1/proposals', {
				data: { title: 'Bozza con commenti', geometry: LINE_LUCCA_CAPANNORI }
			})
		).json();
		const [intervention] = (await (await request.get('/api/v1/interventions')).json()).features.map(
			(f: { properties: { id: string } }) => f.properties.id
		);
		const actions = [
			[`/proposte/${id}?/comment`, { body: 'Commento anonimo' }],
			[`/proposte/${id}?/transition`, { to: 'submitted', version: '1' }],
			[`/interventi/${intervention}/modifica`, { status: 'completed' }],
			['/amministrazione?/role', { user_id: id, role: 'admin' }]
		] as const;
		for (const [lang, message] of Object.entries(MESSAGES))
			for (const [path, form] of actions)
				for (const fields of [form, { ...form, body: HUGE }]) {
					const what = `${path} (${lang}, ${JSON.stringify(fields).length} characters)`;
					const separator = path.includes('?') ? '&' : '?';
					// As Kit's use:enhance posts it: the answer comes back as JSON.
					const response = await request.post(`${path}${separator}lang=${lang}`, {
						form: fields,
						headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
					});
					expect(response.status(), what).toBe(401);
					const result = await response.json();
					expect(result.type, what).toBe('failure');
					expect(result.status, what).toBe(401);
					expect(result.data, what).toContain(message);
				}
		const proposal = await (await page.request.get(`/api/v1/proposals/${id}`)).json();
		expect(proposal).toMatchObject({ version: 1, status: 'draft', comments: [] });
	});
});
