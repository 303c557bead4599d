import { expect, type Page } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { E2E_ACCOUNTS } from './accounts.ts';
import { waitForMapIdle } from './helpers.ts';

/**
 * Every page and state the accessibility audit (a11y.spec.ts) checks with axe. A new page is one
 * line here: `{ name, path }`, plus `role` when it needs a signed-in person and `setup` when the
 * state needs more than loading the page (a panel opened, a sheet expanded).
 */
export interface A11yState {
	name: string;
	/** The page to open; a function when the page needs something made first (its path). */
	path: string | ((page: Page) => Promise<string>);
	/** Who is signed in (E2E_ACCOUNTS); nobody when absent. */
	role?: keyof typeof E2E_ACCOUNTS;
	/** Puts the loaded page in the state to audit. */
	setup?: (page: Page) => Promise<void>;
	/** The HTTP status the page answers with, when it is not 200 (error pages). */
	status?: number;
	/** A phone's screen and touch (phone.ts), for the phone layout; the desktop's otherwise. */
	phone?: boolean;
}

const mapReady = (page: Page) => waitForMapIdle(page);

/** The "copy embed code" dialog opened by keyboard, on a hydrated page. */
async function openEmbedDialog(page: Page) {
	await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
	await page
		.getByRole('button', { name: /Copia codice di incorporamento|Copy embed code/ })
		.focus();
	await page.keyboard.press('Enter');
	await expect(page.locator('[data-embed-dialog]')).toBeVisible();
}

/** Every layer's "about" sheet open at once (they are <details>). */
async function openAboutSheets(page: Page) {
	await waitForMapIdle(page);
	const sheets = page.locator('details.about');
	expect(await sheets.count()).toBeGreaterThan(0);
	await sheets.evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
}

/** A proposal drafted through the API by whoever is signed in; returns its id. */
async function draftProposal(page: Page): Promise<string> {
	const origin = new URL(page.url()).origin;
	const response = await page.request.post('/api/v1/proposals', {
		data: { title: 'Verifica di accessibilità', geometry: LINE_LUCCA_CAPANNORI },
		headers: { origin }
	});
	expect(response.status()).toBe(201);
	return String((await response.json()).id);
}

/** An observation posted through the API by whoever is signed in; returns its id. */
async function postObservation(page: Page): Promise<string> {
	const origin = new URL(page.url()).origin;
	const response = await page.request.post('/api/v1/observations', {
		data: {
			title: 'Marciapiede stretto in via di accessibilità',
			body: 'Con il passeggino non si passa.',
			category: 'infrastructure',
			geometry: { type: 'Point', coordinates: [10.5, 43.84] }
		},
		headers: { origin }
	});
	expect(response.status()).toBe(201);
	return String((await response.json()).id);
}

/**
 * A quarter's draft plan started by the comitato operativo (signed in); its path. A quarter no
 * other spec uses, far from the upcoming ones work-plans.spec starts; a rerun finds it started.
 */
async function draftQuarter(page: Page): Promise<string> {
	const origin = new URL(page.url()).origin;
	const response = await page.request.post('/api/v1/quarters', {
		data: { id: '2029-Q2' },
		headers: { origin }
	});
	expect([201, 409]).toContain(response.status());
	return '/piano-di-lavoro/2029-Q2';
}

/** An intervention from the plan's data the cabina di regia may edit. */
const INTERVENTION = 'rfi-1458-scalo-porcari';

export const A11Y_STATES: A11yState[] = [
	// The atlas: the map, its panels and cards.
	{ name: 'atlas', path: '/', setup: mapReady },
	{ name: 'atlas (English)', path: '/?lang=en', setup: mapReady },
	{
		name: 'atlas, search results open',
		path: '/',
		setup: async (page) => {
			await waitForMapIdle(page);
			await page.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' }).fill('Lucca');
			await expect(page.getByRole('listbox')).toBeVisible();
		}
	},
	{ name: 'atlas, municipality selected', path: '/?comune=046017', setup: mapReady },
	{
		name: 'atlas, every layer shown and its about sheet open',
		path: '/?layers=interventions,bottlenecks,puccini,districts,broadband,technology-poles,observations',
		setup: openAboutSheets
	},
	{
		name: 'atlas, a feature card',
		path: '/?layers=bottlenecks&feature=bottlenecks:binario-unico-lucca-pescia',
		setup: async (page) => {
			await waitForMapIdle(page);
			await expect(page.locator('#feature-panel')).toBeVisible();
		}
	},
	{
		name: 'atlas, an intervention card',
		path: `/?layers=interventions&feature=interventions:${INTERVENTION}`,
		setup: async (page) => {
			await waitForMapIdle(page);
			await expect(page.locator('#feature-panel')).toBeVisible();
		}
	},
	{
		name: 'atlas, the broadband layer and its table',
		path: '/?layers=broadband',
		setup: async (page) => {
			await waitForMapIdle(page);
			await page.locator('[data-broadband-table] summary').click();
			await expect(page.locator('[data-broadband-table] tbody tr')).toHaveCount(33);
		}
	},
	{ name: 'national context', path: '/?layers=national-pnrr,broadband', setup: mapReady },
	{ name: 'folded side panel', path: '/?panel=folded', setup: mapReady },
	// The atlas on a phone: the bottom sheet at each height, with and without a card.
	{
		name: 'phone, sheet at peek',
		path: '/?layers=districts,broadband',
		phone: true,
		setup: mapReady
	},
	{
		name: 'phone, a municipality card at half height',
		path: '/?comune=046017&layers=broadband',
		phone: true,
		setup: async (page) => {
			await waitForMapIdle(page);
			await expect(page.locator('.atlas[data-sheet="half"] #municipality-panel')).toBeVisible();
		}
	},
	{
		name: 'phone, sheet at full height',
		path: '/?layers=interventions,bottlenecks',
		phone: true,
		setup: async (page) => {
			await waitForMapIdle(page);
			await page.locator('[data-sheet-handle]').focus();
			await page.keyboard.press('ArrowUp');
			await page.keyboard.press('ArrowUp');
			await expect(page.locator('.atlas')).toHaveAttribute('data-sheet', 'full');
		}
	},
	// Pages.
	{ name: 'municipality page and report', path: '/comuni/046007' },
	{ name: 'municipality page (English)', path: '/comuni/046017?lang=en' },
	{ name: 'intervention page', path: `/interventi/${INTERVENTION}` },
	{ name: 'ambito page', path: '/ambiti/1' },
	{ name: 'ambito page 5', path: '/ambiti/5' },
	{ name: 'ambito page 7 (a yellow badge)', path: '/ambiti/7' },
	{ name: 'monitoring', path: '/monitoraggio' },
	{ name: 'investor finder', path: '/opportunita' },
	{ name: 'investor finder, bad input', path: '/opportunita?min_ftth=duecento' },
	{ name: 'search', path: '/cerca?q=lucca' },
	{ name: 'news', path: '/novita' },
	{ name: 'observations', path: '/osservazioni' },
	{ name: 'observations of a municipality', path: '/osservazioni?istat=046017' },
	{ name: 'participate', path: '/partecipa' },
	{ name: 'work plan', path: '/piano-di-lavoro' },
	{ name: 'proposals', path: '/proposte' },
	// Open data and reach: the catalogue, the OGC API in HTML, the embeddable map and its dialog.
	{ name: 'open data catalogue', path: '/dati' },
	{ name: 'open data catalogue (English)', path: '/dati?lang=en' },
	{ name: 'OGC API landing page', path: '/ogc?f=html' },
	{ name: 'OGC API conformance', path: '/ogc/conformance?f=html' },
	{ name: 'OGC API collections', path: '/ogc/collections?f=html' },
	{ name: 'OGC API collection', path: '/ogc/collections/interventions?f=html' },
	{ name: 'OGC API features', path: '/ogc/collections/interventions/items?f=html&limit=10' },
	{ name: 'OGC API one feature', path: '/ogc/collections/municipalities/items/46017?f=html' },
	{ name: 'embedded map', path: '/embed?comune=046017&layers=broadband', setup: mapReady },
	{ name: 'embedded map (English)', path: '/embed?layers=puccini&lang=en', setup: mapReady },
	{ name: 'embedded map, bad parameters', path: '/embed?comune=999999', status: 400 },
	{ name: 'atlas, the embed dialog open', path: '/?comune=046017', setup: openEmbedDialog },
	{
		name: 'municipality page, the embed dialog open',
		path: '/comuni/046017',
		setup: openEmbedDialog
	},
	// Accounts.
	{ name: 'sign in', path: '/accedi' },
	{ name: 'sign up', path: '/registrati' },
	// Signed in: editors, the admin pages.
	{ name: 'proposals, signed in', path: '/proposte', role: 'planner' },
	{
		name: 'proposal editor (new)',
		path: '/proposte/nuova',
		role: 'planner',
		setup: async (page) => {
			await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
		}
	},
	{
		name: 'proposal page',
		path: async (page) => `/proposte/${await draftProposal(page)}`,
		role: 'planner'
	},
	{
		name: 'proposal editor (existing)',
		path: async (page) => `/proposte/${await draftProposal(page)}/modifica`,
		role: 'planner',
		setup: async (page) => {
			await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
		}
	},
	{
		name: 'observation page',
		path: async (page) => `/osservazioni/${await postObservation(page)}`,
		role: 'stakeholder'
	},
	{
		name: 'observation editor',
		path: async (page) => `/osservazioni/${await postObservation(page)}/modifica`,
		role: 'stakeholder',
		setup: async (page) => {
			await expect(page.locator('[data-drawing="ready"]')).toHaveCount(1, { timeout: 30_000 });
		}
	},
	{ name: 'participate, signed in', path: '/partecipa', role: 'stakeholder' },
	{ name: 'intervention editor', path: `/interventi/${INTERVENTION}/modifica`, role: 'reviewer' },
	{ name: 'administration', path: '/amministrazione', role: 'admin' },
	{ name: 'work plan, comitato operativo', path: '/piano-di-lavoro', role: 'operativo' },
	{ name: 'a quarter’s draft plan', path: draftQuarter, role: 'operativo' },
	// Error pages.
	{ name: 'not found', path: '/comuni/046999', status: 404 },
	{ name: 'not allowed', path: '/amministrazione', role: 'stakeholder', status: 403 }
];
