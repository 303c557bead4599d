import { expect, test, type APIRequestContext } from '@playwright/test';
import { BOWTIE_POLYGON, LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { E2E_ACCOUNTS, E2E_PASSWORD, signIn } from './accounts.ts';

const LINE = LINE_LUCCA_CAPANNORI;

const mine = async (request: APIRequestContext) =>
	(await (await request.get('/api/v1/proposals')).json()) as { id: string }[];

test('a planner saves a proposal through the API and gets the PostGIS impact back', async ({
	page
}) => {
	await signIn(page, 'planner');
	const response = await page.request.post('/api/v1/proposals', {
		data: { title: 'Ciclabile Lucca–Capannori', geometry: LINE, primary_ambito: 1 }
	});
	expect(response.status()).toBe(201);
	const saved = await response.json();
	expect(saved.impact.municipalities.map((m: { name: string }) => m.name)).toEqual([
		'Lucca',
		'Capannori'
	]);
	expect((await mine(page.request)).map((p) => p.id)).toContain(saved.id);
});

test('bad input gets a clear Italian error naming the field, and nothing is saved', async ({
	page
}) => {
	await signIn(page, 'planner');
	const before = (await mine(page.request)).length;
	const post = (data: unknown) =>
		page.request.post('/api/v1/proposals', {
			// A Buffer goes as it is; Playwright would JSON-encode a string again.
			data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)),
			headers: { 'content-type': 'application/json' }
		});
	const cases: [unknown, number, string][] = [
		['{"title": ', 400, 'non è JSON valido'],
		[{ title: 'x'.repeat(201), geometry: LINE }, 400, 'Campo «title»: è troppo lungo'],
		[
			{ title: 'Punto solo', geometry: { type: 'LineString', coordinates: [[10.5, 43.8]] } },
			400,
			'almeno 2 punti'
		],
		[{ title: 'Ambito', geometry: LINE, primary_ambito: 9 }, 400, 'Campo «primary_ambito»'],
		[
			{ title: 'Firenze', geometry: { type: 'Point', coordinates: [11.25, 43.77] } },
			400,
			'fuori dalla provincia di Lucca'
		],
		[
			{
				title: 'Farfalla',
				geometry: BOWTIE_POLYGON
			},
			400,
			'non è una geometria valida'
		],
		[
			{ title: 'Enorme', geometry: LINE, description: 'x'.repeat(6 * 1024 * 1024) },
			413,
			'supera i 5 MB'
		]
	];
	for (const [data, status, message] of cases) {
		const response = await post(data);
		expect(response.status(), message).toBe(status);
		expect((await response.json()).error.message, message).toContain(message);
	}
	expect((await mine(page.request)).length).toBe(before);
});

test('titles with HTML are kept as text, and a request from another site is refused', async ({
	page
}) => {
	await signIn(page, 'planner');
	const title = '<script>alert(1)</script> Ciclabile';
	const saved = await (
		await page.request.post('/api/v1/proposals', { data: { title, geometry: LINE } })
	).json();
	const stored = await (await page.request.get(`/api/v1/proposals/${saved.id}`)).json();
	expect(stored.title).toBe(title);
	const before = (await mine(page.request)).length;
	const foreign = await page.request.post('/api/v1/proposals', {
		data: { title: 'Da fuori', geometry: LINE },
		headers: { origin: 'https://esempio-malevolo.example', 'sec-fetch-site': 'cross-site' }
	});
	expect(foreign.status()).toBe(403);
	expect((await foreign.json()).error.message).toBe(
		'Richiesta rifiutata: proviene da un altro sito.'
	);
	// A form posted from another site cannot sign the planner out either.
	const signOut = await page.request.post('/esci', {
		form: {},
		headers: { origin: 'https://esempio-malevolo.example' },
		maxRedirects: 0
	});
	expect(signOut.status()).toBe(403);
	expect((await mine(page.request)).length).toBe(before);
});

test('two planners saving the same version: the second is refused with a clear message', async ({
	page
}) => {
	await signIn(page, 'planner');
	const { id } = await (
		await page.request.post('/api/v1/proposals', {
			data: { title: 'Dorsale fibra', geometry: LINE }
		})
	).json();
	const save = (title: string) =>
		page.request.patch(`/api/v1/proposals/${id}`, { data: { title, geometry: LINE, version: 1 } });
	expect((await save('Prima versione')).status()).toBe(200);
	const second = await save('Seconda versione');
	expect(second.status()).toBe(409);
	expect((await second.json()).error.message).toContain('Qualcun altro ha salvato');
	expect((await (await page.request.get(`/api/v1/proposals/${id}`)).json()).title).toBe(
		'Prima versione'
	);
});

test('a reviewer adopts a submitted proposal and the new intervention is on the map’s data', async ({
	browser
}) => {
	const planner = await browser.newPage();
	await signIn(planner, 'planner');
	const { id } = await (
		await planner.request.post('/api/v1/proposals', {
			data: { title: 'Nuovo collegamento ciclabile Lucca–Capannori', geometry: LINE }
		})
	).json();
	expect(
		(
			await planner.request.post(`/api/v1/proposals/${id}/transition`, {
				data: { to: 'submitted', version: 1 }
			})
		).status()
	).toBe(200);
	// The planner cannot take it further.
	expect(
		(
			await planner.request.post(`/api/v1/proposals/${id}/transition`, {
				data: { to: 'adopted', version: 2 }
			})
		).status()
	).toBe(403);
	const reviewer = await browser.newPage();
	await signIn(reviewer, 'reviewer');
	for (const [to, version] of [
		['under_review', 2],
		['adopted', 3]
	] as const)
		expect(
			(
				await reviewer.request.post(`/api/v1/proposals/${id}/transition`, { data: { to, version } })
			).status()
		).toBe(200);
	const adopted = await (await reviewer.request.get(`/api/v1/proposals/${id}`)).json();
	expect(adopted.intervention_id).toMatch(/^proposta-/);
	const layer = await (await reviewer.request.get('/api/v1/layers/interventions')).json();
	expect(layer.features.map((f: { properties: { id: string } }) => f.properties.id)).toContain(
		adopted.intervention_id
	);
});

test('a wrong password is refused, and repeated attempts are slowed down', async ({ page }) => {
	await page.goto('/accedi');
	for (let attempt = 1; attempt <= 6; attempt++) {
		await page.getByLabel('Email').fill(E2E_ACCOUNTS.lockedOut.email);
		await page.getByLabel('Password').fill('sbagliata');
		await page.getByRole('button', { name: 'Accedi' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			attempt <= 5
				? 'Email o password non corrette.'
				: 'Troppi tentativi: riprova fra qualche minuto.'
		);
	}
	// Locked out: even the right password waits.
	await page.getByLabel('Password').fill(E2E_PASSWORD);
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByRole('alert')).toHaveText('Troppi tentativi: riprova fra qualche minuto.');
	await expect(page).toHaveURL(/\/accedi/);
});
