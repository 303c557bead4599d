import { expect, test } from '@playwright/test';
import { SUPABASE_E2E, SUPABASE_E2E_PORT } from './accounts.ts';

// The atlas in Supabase mode (tests/support/supabase-mode-server.ts): sign-in goes through
// supabase-js to a stand-in Supabase Auth, and the server verifies the tokens it is handed.
const atlas = `http://127.0.0.1:${SUPABASE_E2E_PORT}`;
const auth = `http://127.0.0.1:${SUPABASE_E2E_PORT + 1}`;
test.use({ baseURL: atlas });

test('a planner signs in with Supabase Auth (email and password) and can propose', async ({
	page
}) => {
	await page.goto('/accedi');
	await page.getByLabel('Email').fill(SUPABASE_E2E.email);
	await page.getByLabel('Password').fill(SUPABASE_E2E.password);
	await page.getByRole('button', { name: 'Accedi', exact: true }).click();
	await expect(page).toHaveURL(/\/proposte$/);
	await expect(page.locator('.account')).toContainText('Lucia Supabase (planner)');
	// The tokens are in httpOnly cookies, out of the page's scripts' reach.
	const cookies = await page.context().cookies();
	const access = cookies.find((c) => c.name === 'atlas_sb_access');
	expect(access?.httpOnly).toBe(true);
	expect(await page.evaluate(() => document.cookie)).not.toContain('atlas_sb_access');
	// The API knows who they are: a draft is theirs.
	const saved = await page.request.post('/api/v1/proposals', {
		data: {
			title: 'Proposta via Supabase',
			geometry: { type: 'Point', coordinates: [10.5, 43.84] }
		}
	});
	expect(saved.status()).toBe(201);
	const { id } = await saved.json();
	const proposal = await (await page.request.get(`/api/v1/proposals/${id}`)).json();
	expect(proposal.proponent_name).toBe('Lucia Supabase');
	expect(proposal.status).toBe('draft');
});

test('a wrong password is refused in Italian, and nobody is signed in', async ({ page }) => {
	await page.goto('/accedi');
	await page.getByLabel('Email').fill(SUPABASE_E2E.email);
	await page.getByLabel('Password').fill('non-è-questa');
	await page.getByRole('button', { name: 'Accedi', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText('Email o password non corrette.');
	expect((await page.context().cookies()).map((c) => c.name)).not.toContain('atlas_sb_access');
});

test('a magic link signs in: the landing page hands the session to the server', async ({
	page,
	request
}) => {
	await page.goto('/accedi');
	await page.getByLabel('Email').fill(SUPABASE_E2E.email);
	await page.getByRole('button', { name: 'Inviami un link di accesso' }).click();
	await expect(page.getByRole('status')).toContainText('riceverai un’email');
	// The email's link, as Supabase Auth builds it (implicit flow: the session in the fragment).
	const session = await (
		await request.post(`${auth}/auth/v1/token?grant_type=password`, {
			data: { email: SUPABASE_E2E.email, password: SUPABASE_E2E.password }
		})
	).json();
	const fragment = new URLSearchParams({
		access_token: session.access_token,
		refresh_token: session.refresh_token,
		expires_in: '3600',
		expires_at: String(session.expires_at),
		token_type: 'bearer',
		type: 'magiclink'
	});
	await page.goto(`/accedi/conferma?next=/proposte#${fragment}`);
	await expect(page).toHaveURL(/\/proposte$/);
	await expect(page.locator('.account')).toContainText('Lucia Supabase (planner)');
});

test('a forged token handed to the server is refused and sets no session', async ({ request }) => {
	const session = await (
		await request.post(`${auth}/auth/v1/token?grant_type=password`, {
			data: { email: SUPABASE_E2E.email, password: SUPABASE_E2E.password }
		})
	).json();
	const [header, payload] = session.access_token.split('.');
	const forged = `${header}.${payload}.${'A'.repeat(86)}`;
	const response = await request.post('/accedi/sessione', {
		data: { access_token: forged, refresh_token: session.refresh_token }
	});
	expect(response.status()).toBe(401);
	expect((await response.json()).error.message).toBe('Email o password non corrette.');
	expect(response.headers()['set-cookie'] ?? '').not.toContain('atlas_sb_access');
});

test('writing is limited per account and hour, kept in the database: the next is 429 in the reader’s language and stores nothing', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/accedi');
	await page.getByLabel('Email').fill(SUPABASE_E2E.email);
	await page.getByLabel('Password').fill(SUPABASE_E2E.password);
	await page.getByRole('button', { name: 'Accedi', exact: true }).click();
	await expect(page).toHaveURL(/\/proposte$/);
	// This server keeps the service's limits (the other suite's server raises them).
	const interventions = await (await page.request.get('/api/v1/interventions')).json();
	const id = interventions.features[0].properties.id as string;
	const comment = (n: number, lang = 'it') =>
		page.request.post(`/api/v1/interventions/${id}/comments?lang=${lang}`, {
			data: { body: `Commento numero ${n}` }
		});
	for (let n = 1; n <= 30; n++) expect((await comment(n)).status(), `comment ${n}`).toBe(201);
	const refused = await comment(31);
	expect(refused.status()).toBe(429);
	expect((await refused.json()).error).toEqual({
		code: 'too_many_writes',
		message: 'Hai raggiunto il limite orario per commenti da questo account: riprova fra un’ora.'
	});
	const english = await comment(32, 'en');
	expect(english.status()).toBe(429);
	expect((await english.json()).error.message).toBe(
		'This account has reached the hourly limit for comments: try again in an hour.'
	);
	// Exactly the 30 allowed are on the intervention's page.
	await page.goto(`/interventi/${id}?lang=it`);
	await expect(page.locator('.comments .body')).toHaveCount(30);
	await expect(page.locator('.comments .body', { hasText: 'Commento numero 31' })).toHaveCount(0);
});
