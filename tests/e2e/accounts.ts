import { expect, type Browser, type Page } from '@playwright/test';

/** The accounts the end-to-end suite signs in with, created before the server starts. */
export const E2E_ACCOUNTS = {
	planner: { email: 'pianificatrice@example.org', name: 'Paola Planner', role: 'planner' },
	planner2: { email: 'pianificatore2@example.org', name: 'Piero Planner', role: 'planner' },
	reviewer: { email: 'cabina@example.org', name: 'Rita Reviewer', role: 'reviewer' },
	operativo: { email: 'comitato@example.org', name: 'Ottavio Operativo', role: 'operativo' },
	stakeholder: { email: 'portatore@example.org', name: 'Sara Stakeholder', role: 'stakeholder' },
	admin: { email: 'amministrazione@example.org', name: 'Ada Admin', role: 'admin' },
	moderator: { email: 'moderazione@example.org', name: 'Mara Moderatrice', role: 'moderator' },
	// Only for the administration test: an admin changes its role.
	promoted: { email: 'promossa@example.org', name: 'Pia Promossa', role: 'stakeholder' },
	// Only for the rate-limit test: it is locked out for 15 minutes afterwards.
	lockedOut: { email: 'bloccato@example.org', name: 'Bruno Bloccato', role: 'stakeholder' },
	// Only for the property-based API tests: what they save stays out of the other tests' lists.
	fuzzPlanner: {
		email: 'proprieta.pianificatrice@example.org',
		name: 'Fabia Fuzz',
		role: 'planner'
	},
	fuzzReviewer: { email: 'proprieta.cabina@example.org', name: 'Furio Fuzz', role: 'reviewer' }
} as const;

/** The Supabase-mode journey's user, known to the stand-in Supabase Auth (tests/support). */
export const SUPABASE_E2E = {
	email: 'lucia.supabase@example.org',
	name: 'Lucia Supabase',
	password: 'password-supabase-di-prova'
} as const;
export const SUPABASE_E2E_PORT = Number(process.env.E2E_SUPABASE_PORT ?? 4318);

/** Test-only password, never used outside the throw-away database of a test run. */
export const E2E_PASSWORD = 'password-di-prova-e2e';

/** Signs in through the form, as a person does, and lands on the proposals page. */
export async function signIn(page: Page, who: keyof typeof E2E_ACCOUNTS) {
	await page.goto('/accedi');
	await page.getByLabel('Email').fill(E2E_ACCOUNTS[who].email);
	await page.getByLabel('Password').fill(E2E_PASSWORD);
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page).toHaveURL(/\/proposte/);
}

/** A signed-in person's API client: the session cookie of the sign-in page, and its origin. */
export async function apiClientOf(browser: Browser, who: keyof typeof E2E_ACCOUNTS) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, who);
	const origin = new URL(page.url()).origin;
	const send = (method: 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown) =>
		page.request.fetch(path, { method, data, headers: { origin } });
	return { request: page.request, send, close: () => context.close() };
}
