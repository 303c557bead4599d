import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiClientOf, signIn } from './accounts.ts';

// Embedded mode: an admin creates an account without a password and sends the person a one-time
// link (/accedi/imposta-password/…), with which they choose their password and are signed in.

const LINK_GONE =
	'Il link non è più valido: è già stato usato, è scaduto o ne è stato creato uno più recente.';
const PASSWORD = 'una frase facile da ricordare';

/** The admin page, signed in and hydrated (hydration puts server values back into fields). */
async function administration(browser: Browser): Promise<Page> {
	// The clipboard, for the copy button (Chromium asks for the permission).
	const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
	const page = await context.newPage();
	await signIn(page, 'admin');
	await page.goto('/amministrazione');
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
	return page;
}

/** Fills the "Nuovo account" form and submits it; the new link's address, when one is made. */
async function createAccount(
	admin: Page,
	account: { email: string; name: string; organisation?: string; role?: string }
) {
	const form = admin.locator('form[action="?/account"]');
	await form.getByLabel('Email').fill(account.email);
	await form.getByLabel('Nome').fill(account.name);
	await form.getByLabel('Organizzazione').fill(account.organisation ?? '');
	if (account.role) await form.getByLabel('Ruolo').selectOption(account.role);
	await form.getByRole('button', { name: 'Crea l’account e il link' }).click();
}

/** In a browser of its own, as the person who received the link: the set-password page. */
async function openLink(browser: Browser, url: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await page.goto(url);
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
	return page;
}

async function choosePassword(page: Page, password: string, confirm = password) {
	await page.getByLabel('Nuova password').fill(password);
	await page.getByLabel('Ripeti la password').fill(confirm);
	await page.getByRole('button', { name: 'Salva la password e accedi' }).click();
}

const memberRow = (admin: Page, email: string) => admin.locator(`tr[data-member="${email}"]`);

test('an admin creates an account; the person chooses a password with the link, once', async ({
	browser
}) => {
	const admin = await administration(browser);
	// Stakeholder is what a new account is unless the admin chooses otherwise.
	await expect(admin.locator('form[action="?/account"]').getByLabel('Ruolo')).toHaveValue(
		'stakeholder'
	);
	await createAccount(admin, {
		email: 'Nadia.Nuova@Example.org',
		name: 'Nadia Nuova',
		organisation: 'Comune di Barga',
		role: 'planner'
	});
	const issued = admin.locator('section[aria-labelledby="new-account"] .invitation');
	await expect(issued).toContainText('Link per Nadia Nuova');
	await expect(issued).toContainText('Vale una volta sola, fino al');
	const url = await issued.getByLabel('Link per scegliere la password').inputValue();
	expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/accedi\/imposta-password\/[\w-]{43}$/);
	await issued.getByRole('button', { name: 'Copia' }).click();
	await expect(issued.getByRole('button', { name: 'Copiato' })).toBeVisible();
	expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(url);
	const row = memberRow(admin, 'nadia.nuova@example.org');
	await expect(row).toContainText('Comune di Barga');
	await expect(row).toContainText('link valido fino al');
	await admin.screenshot({ path: 'test-results/account-link-admin.png', fullPage: true });

	const person = await openLink(browser, url);
	await expect(person.getByRole('heading', { name: 'Scegli la password' })).toBeVisible();
	await expect(person.getByText('Nadia Nuova, scegli la password')).toBeVisible();
	await expect(person.getByLabel('Email')).toHaveValue('nadia.nuova@example.org');
	await person.screenshot({ path: 'test-results/account-set-password.png', fullPage: true });
	await choosePassword(person, PASSWORD);
	await expect(person).toHaveURL(/\/proposte$/);
	await expect(person.locator('.account')).toContainText('Nadia Nuova (planner)');

	// The second use of the link: refused, in a fresh browser too.
	const again = await openLink(browser, url);
	await expect(again.getByRole('alert')).toHaveText(LINK_GONE);
	await expect(again.getByLabel('Nuova password')).toHaveCount(0);
	// The chosen password is the one that signs in.
	const later = await (await browser.newContext()).newPage();
	await later.goto('/accedi');
	await later.getByLabel('Email').fill('nadia.nuova@example.org');
	await later.getByLabel('Password').fill(PASSWORD);
	await later.getByRole('button', { name: 'Accedi' }).click();
	await expect(later.locator('.account')).toContainText('Nadia Nuova (planner)');
	await admin.reload();
	await expect(memberRow(admin, 'nadia.nuova@example.org')).toContainText('password scelta');
});

test('bad passwords are refused in Italian, and the link still works afterwards', async ({
	browser
}) => {
	const admin = await administration(browser);
	await createAccount(admin, { email: 'corrado.corto@example.org', name: 'Corrado Corto' });
	const url = await admin.getByLabel('Link per scegliere la password').inputValue();
	const person = await openLink(browser, url);
	await choosePassword(person, 'corta');
	await expect(person.getByRole('alert')).toHaveText(
		'Campo «password»: deve avere almeno 12 caratteri'
	);
	await choosePassword(person, PASSWORD, `${PASSWORD}!`);
	await expect(person.getByRole('alert')).toHaveText(
		'Campo «ripeti la password»: non coincide con la password'
	);
	// Nothing changed: no password, nobody signed in, the link still pending.
	expect((await person.context().cookies()).map((c) => c.name)).not.toContain('atlas_session');
	await admin.reload();
	await expect(memberRow(admin, 'corrado.corto@example.org')).toContainText('link valido fino al');
	await choosePassword(person, PASSWORD);
	await expect(person.locator('.account')).toContainText('Corrado Corto (stakeholder)');
});

test('a new link for a member replaces the previous one', async ({ browser }) => {
	const admin = await administration(browser);
	await createAccount(admin, { email: 'rinnovo@example.org', name: 'Rina Rinnovo' });
	const first = await admin.getByLabel('Link per scegliere la password').inputValue();
	const row = memberRow(admin, 'rinnovo@example.org');
	await row.getByRole('button', { name: 'Nuovo link per la password di Rina Rinnovo' }).click();
	const issued = admin.locator('tr.issued .invitation');
	await expect(issued).toContainText('Link per Rina Rinnovo');
	const second = await issued.getByLabel('Link per scegliere la password').inputValue();
	expect(second).not.toBe(first);

	const stale = await openLink(browser, first);
	await expect(stale.getByRole('alert')).toHaveText(LINK_GONE);
	const person = await openLink(browser, second);
	await choosePassword(person, PASSWORD);
	await expect(person.locator('.account')).toContainText('Rina Rinnovo (stakeholder)');
});

test('a taken email is refused, what was typed stays, and no account is made', async ({
	browser
}) => {
	const admin = await administration(browser);
	const members = await admin.locator('tr[data-member]').count();
	await createAccount(admin, {
		email: 'PORTATORE@example.org',
		name: 'Doppione',
		organisation: 'Nessuna'
	});
	await expect(admin.getByRole('alert')).toHaveText(
		'Esiste già un account con questa email: non è stato creato nulla.'
	);
	await expect(admin.getByLabel('Link per scegliere la password')).toHaveCount(0);
	const form = admin.locator('form[action="?/account"]');
	await expect(form.getByLabel('Nome')).toHaveValue('Doppione');
	await admin.reload();
	await expect(admin.locator('tr[data-member]')).toHaveCount(members);
	await expect(admin.locator('tr[data-member]', { hasText: 'Doppione' })).toHaveCount(0);
});

test('only admins create accounts: a reviewer’s request is refused and makes nothing', async ({
	browser
}) => {
	const reviewer = await apiClientOf(browser, 'reviewer');
	const response = await reviewer.request.post('/amministrazione?/account', {
		form: { email: 'infiltrato@example.org', display_name: 'Infiltrato', role: 'admin' },
		headers: { origin: new URL(test.info().project.use.baseURL!).origin }
	});
	expect(response.status()).toBe(403);
	await reviewer.close();
	const admin = await administration(browser);
	await expect(memberRow(admin, 'infiltrato@example.org')).toHaveCount(0);
});

test('in embedded mode the sign-up page says how to get an account', async ({ page }) => {
	await page.goto('/accedi');
	await page.getByRole('link', { name: 'Come averne uno' }).click();
	await expect(page).toHaveURL(/\/registrati$/);
	await expect(page.getByText('gli account li crea l’amministrazione')).toBeVisible();
	await expect(page.getByLabel('Password')).toHaveCount(0);
});
