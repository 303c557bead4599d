import { expect, test, type Browser } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { signIn } from './accounts.ts';

/** A proposal drafted by the planner and adopted by the reviewer; returns the new intervention. */
async function adoptedIntervention(browser: Browser, title: string) {
	const planner = await browser.newPage();
	await signIn(planner, 'planner');
	const { id } = await (
		await planner.request.post('/api/v1/proposals', {
			data: { title, geometry: LINE_LUCCA_CAPANNORI }
		})
	).json();
	const reviewer = await browser.newPage();
	await signIn(reviewer, 'reviewer');
	for (const [page, to, version] of [
		[planner, 'submitted', 1],
		[reviewer, 'under_review', 2],
		[reviewer, 'adopted', 3]
	] as const) {
		const response = await page.request.post(`/api/v1/proposals/${id}/transition`, {
			data: { to, version }
		});
		expect(response.status(), `${to}`).toBe(200);
	}
	const adopted = await (await reviewer.request.get(`/api/v1/proposals/${id}`)).json();
	return { interventionId: String(adopted.intervention_id), planner, reviewer };
}

test('the cabina di regia edits an adopted intervention: a status needs its document, and the history names who changed it', async ({
	browser
}) => {
	const { interventionId, planner, reviewer } = await adoptedIntervention(
		browser,
		'Ciclabile Lucca–Capannori da finanziare'
	);
	const status = async () =>
		(await (await reviewer.request.get(`/api/v1/interventions/${interventionId}`)).json()).status;

	await reviewer.goto(`/interventi/${interventionId}`);
	await reviewer.getByRole('link', { name: 'Modifica (cabina di regia)' }).click();
	await expect(reviewer).toHaveURL(`/interventi/${interventionId}/modifica`);
	await reviewer.locator('select[name="status"]').selectOption('financed');
	await reviewer.locator('input[name="status_source"]').fill('');
	await reviewer.getByRole('button', { name: 'Salva le modifiche' }).click();
	await expect(reviewer.getByRole('alert')).toHaveText(
		'Campo «fonte dello stato»: uno stato richiede il documento che lo attesta (status_source)'
	);
	// Refused: the stored status is still the one adoption gave it, and the form kept the choice.
	expect(await status()).toBe('planned');
	await expect(reviewer.locator('select[name="status"]')).toHaveValue('financed');

	await reviewer
		.locator('input[name="status_source"]')
		.fill('Delibera della cabina di regia n. 3/2026 (prova)');
	await reviewer.locator('input[name="cost_eur"]').fill('1.250.000,00');
	await reviewer.locator('input[name="cost_source"]').fill('Quadro economico di prova');
	await reviewer.screenshot({ path: 'test-results/intervention-edit.png', fullPage: true });
	await reviewer.getByRole('button', { name: 'Salva le modifiche' }).click();
	await expect(reviewer).toHaveURL(`/interventi/${interventionId}?salvato=1`);
	await expect(reviewer.getByRole('status')).toHaveText('Modifiche salvate.');
	await expect(reviewer.locator('[data-fact="status"]')).toContainText('finanziato');
	expect(await status()).toBe('financed');
	const latest = reviewer.locator('table.history tbody tr').first();
	await expect(latest).toContainText('Rita Reviewer');
	await expect(latest).toContainText('stato');
	await expect(latest).toContainText('costo');
	// Its first line: created on adoption, by the reviewer who adopted it.
	const created = reviewer.locator('table.history tbody tr').last();
	await expect(created).toContainText('Rita Reviewer (proposta');
	await expect(created).toContainText('scheda creata');
	await reviewer.screenshot({ path: 'test-results/intervention-edited.png', fullPage: true });

	// A planner reads the intervention but is offered no edit, and the edit page refuses them.
	await planner.goto(`/interventi/${interventionId}`);
	await expect(planner.locator('[data-fact="status"]')).toContainText('finanziato');
	await expect(planner.getByRole('link', { name: 'Modifica (cabina di regia)' })).toHaveCount(0);
	const refused = await planner.goto(`/interventi/${interventionId}/modifica`);
	expect(refused?.status()).toBe(403);
	await expect(planner.getByText('Non hai i permessi per questa operazione.')).toBeVisible();
});

test('an edit posted by a planner is refused by the server, whatever the page showed', async ({
	browser
}) => {
	const { interventionId, planner } = await adoptedIntervention(
		browser,
		'Area produttiva di prova'
	);
	const response = await planner.request.post(`/interventi/${interventionId}/modifica`, {
		form: { version: '1', title_it: 'Titolo cambiato', status: '' },
		headers: { origin: new URL(planner.url()).origin }
	});
	expect(response.status()).toBe(403);
	const stored = await (
		await planner.request.get(`/api/v1/interventions/${interventionId}`)
	).json();
	expect(stored.title_it).toBe('Area produttiva di prova');
});
