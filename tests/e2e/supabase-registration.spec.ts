import { expect, test, type Page } from '@playwright/test';
import { SUPABASE_E2E_PORT } from './accounts.ts';

// Supabase mode (tests/support/supabase-mode-server.ts): a person signs up with supabase-js,
// confirms their email with the link Supabase Auth sends (the stand-in tells it on a test-only
// endpoint) and becomes a stakeholder at their first sign-in.
const atlas = `http://127.0.0.1:${SUPABASE_E2E_PORT}`;
const auth = `http://127.0.0.1:${SUPABASE_E2E_PORT + 1}`;
test.use({ baseURL: atlas });

const PERSON = {
	name: 'Sofia Registrata',
	organisation: 'Pro Loco di Camaiore',
	email: 'sofia.registrata@example.org',
	password: 'una frase tutta sua'
};

async function signUp(page: Page, person: typeof PERSON, confirm = person.password) {
	await page.goto('/registrati');
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
	await page.getByLabel('Nome e cognome').fill(person.name);
	await page.getByLabel('Organizzazione (facoltativa)').fill(person.organisation);
	await page.getByLabel('Email').fill(person.email);
	await page.getByLabel('Password', { exact: true }).fill(person.password);
	await page.getByLabel('Ripeti la password').fill(confirm);
	await page.getByRole('button', { name: 'Registrati' }).click();
}

async function signIn(page: Page, email: string, password: string) {
	await page.goto('/accedi');
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Accedi', exact: true }).click();
}

test('a person signs up, confirms the email, and is a stakeholder from the first sign-in', async ({
	page,
	request
}) => {
	await page.goto('/accedi');
	await page.getByRole('link', { name: 'Registrati' }).click();
	await expect(page).toHaveURL(/\/registrati$/);
	await signUp(page, PERSON);
	await expect(page.getByRole('status')).toContainText(`Controlla la posta di ${PERSON.email}`);

	// Not confirmed yet: signing in says what to do, and nobody is signed in.
	await signIn(page, PERSON.email, PERSON.password);
	await expect(page.getByRole('alert')).toHaveText(
		'Conferma prima il tuo indirizzo email: apri il link che ti abbiamo mandato, poi accedi.'
	);
	expect((await page.context().cookies()).map((c) => c.name)).not.toContain('atlas_sb_access');

	// The confirmation email's link: it leads to /accedi/conferma, which signs the person in.
	const { link } = await (
		await request.get(`${auth}/__test/confirmation-link?email=${PERSON.email}`)
	).json();
	expect(new URL(link).searchParams.get('redirect_to')).toBe(
		`${atlas}/accedi/conferma?next=%2Fproposte`
	);
	await page.goto(link);
	await expect(page).toHaveURL(/\/proposte$/);
	await expect(page.locator('.account')).toContainText('Sofia Registrata (stakeholder)');

	// Signed out and in again with the password: the same member, still a stakeholder.
	await page.getByRole('button', { name: 'Esci' }).click();
	await signIn(page, PERSON.email, PERSON.password);
	await expect(page).toHaveURL(/\/proposte$/);
	await expect(page.locator('.account')).toContainText('Sofia Registrata (stakeholder)');
	// A stakeholder is not an admin, whatever their sign-up form said.
	expect((await page.goto('/amministrazione'))?.status()).toBe(403);
});

test('a token of an unconfirmed user is not enough to become a member', async ({
	page,
	request
}) => {
	const person = { ...PERSON, name: 'Ugo Nonconfermato', email: 'ugo.attesa@example.org' };
	await signUp(page, person);
	await expect(page.getByRole('status')).toContainText('Controlla la posta');
	// Supabase Auth would not sign an unconfirmed user in; should a token reach the atlas anyway
	// (a project that stopped asking for confirmation later, a bug), it asks Auth and refuses.
	const session = await (
		await request.post(`${auth}/__test/session`, { data: { email: person.email } })
	).json();
	const response = await request.post('/accedi/sessione', {
		data: { access_token: session.access_token, refresh_token: session.refresh_token }
	});
	expect(response.status()).toBe(403);
	expect((await response.json()).error.code).toBe('email_not_confirmed');
	expect(response.headers()['set-cookie'] ?? '').not.toContain('atlas_sb_access');
});

test('sign-up checks the password before sending anything', async ({ page, request }) => {
	await signUp(page, { ...PERSON, email: 'breve@example.org', password: 'breve' });
	await expect(page.getByRole('alert')).toHaveText(
		'Campo «password»: deve avere almeno 12 caratteri'
	);
	await signUp(page, { ...PERSON, email: 'diversa@example.org' }, 'un’altra frase lunga');
	await expect(page.getByRole('alert')).toHaveText(
		'Campo «ripeti la password»: non coincide con la password'
	);
	await page.screenshot({ path: 'test-results/supabase-sign-up.png', fullPage: true });
	// Supabase Auth was never asked: no confirmation is pending for either address.
	for (const email of ['breve@example.org', 'diversa@example.org'])
		expect((await request.get(`${auth}/__test/confirmation-link?email=${email}`)).status()).toBe(
			404
		);
});
