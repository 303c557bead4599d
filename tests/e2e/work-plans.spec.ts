import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { quarterBounds } from '../../src/lib/work-plan.ts';
import { E2E_ACCOUNTS, signIn } from './accounts.ts';
import { waitForMapIdle } from './helpers.ts';

/** A date `days` after (or before) an ISO date. */
const shift = (date: string, days: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The comitato starts a draft for the first quarter the page offers (they follow today's date). */
async function startDraft(page: Page): Promise<string> {
	await page.goto('/piano-di-lavoro');
	const select = page.getByLabel('Nuovo piano per il trimestre');
	const quarter = (await select.locator('option').first().getAttribute('value'))!;
	await select.selectOption(quarter);
	await page.getByRole('button', { name: 'Crea la bozza' }).click();
	await expect(page).toHaveURL(new RegExp(`/piano-di-lavoro/${quarter}$`));
	await page.waitForSelector('html[data-hydrated]');
	return quarter;
}

test('the comitato drafts a quarter with two milestones, the cabina di regia adopts it and closes it with one late', async ({
	browser
}) => {
	test.setTimeout(120_000);
	// The comitato operativo drafts.
	const comitato = await browser.newContext();
	const operativo = await comitato.newPage();
	await signIn(operativo, 'operativo');
	const QUARTER = await startDraft(operativo);
	const { starts, ends } = quarterBounds(QUARTER);

	await operativo.getByRole('button', { name: 'Aggiungi una voce (fase e ambito)' }).click();
	const item = operativo.locator('[data-item="0"]');
	await item.getByLabel('fase').fill('Fase 1: progettazione della ciclovia');
	await item.getByLabel('ambito').selectOption('1');
	// One not completed yet (a completed intervention is "concluso" whatever its milestones), and
	// drawn on the map.
	const list = await (await operativo.request.get('/api/v1/interventions')).json();
	const intervention: string = list.features.find(
		(f: { properties: { status: string | null }; geometry: unknown }) =>
			f.properties.status !== 'completed' && f.geometry !== null
	).properties.id;
	await item.getByLabel('Aggiungi un intervento').selectOption(intervention);
	await item.getByRole('button', { name: 'Aggiungi', exact: true }).click();
	await item.getByLabel('spesa prevista (€)').fill('250.000,00');
	for (const [title, due] of [
		['Progetto di fattibilità approvato', shift(starts, 45)],
		['Conferenza dei servizi indetta', shift(ends, -10)]
	]) {
		await item.getByRole('button', { name: 'Aggiungi un traguardo' }).click();
		const milestone = item.locator('.milestone').last();
		await milestone.getByLabel('traguardo').fill(title);
		await milestone.getByLabel('scadenza').fill(due);
		await milestone.getByLabel('ente responsabile').fill('Provincia di Lucca');
	}
	await operativo.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(operativo.getByRole('status')).toHaveText('Bozza salvata.');
	await expect(operativo.locator('[data-item="0"] .milestone')).toHaveCount(2);
	await comitato.close();

	// The public does not see a draft.
	const visitor = await browser.newContext();
	const anonymous = await visitor.newPage();
	expect((await anonymous.goto(`/piano-di-lavoro/${QUARTER}`))!.status()).toBe(404);

	// The cabina di regia adopts, then closes the quarter.
	const cabina = await browser.newContext();
	const reviewer = await cabina.newPage();
	await signIn(reviewer, 'reviewer');
	await reviewer.goto(`/piano-di-lavoro/${QUARTER}`);
	await expect(reviewer.locator('tr[data-milestone]')).toHaveCount(2);
	await reviewer.getByRole('button', { name: 'Adotta il piano' }).click();
	await expect(reviewer.locator('.pill')).toHaveText('adottato');

	const late = reviewer.locator('tr[data-milestone="Conferenza dei servizi indetta"]');
	const done = reviewer.locator('tr[data-milestone="Progetto di fattibilità approvato"]');
	await done.getByLabel('esito').selectOption('done');
	await done.getByLabel('data effettiva').fill(shift(starts, 40));
	await late.getByLabel('esito').selectOption('late');
	await late.getByLabel('data effettiva').fill(shift(ends, 8));
	await late.getByLabel('nota').fill('Indetta dopo il parere regionale');
	await reviewer.getByLabel('spesa effettiva (€)').fill('180.000,00');
	await reviewer.getByLabel('documento della spesa').fill('Determina n. 12/2027 (prova)');
	await reviewer.getByRole('button', { name: 'Chiudi il trimestre con questi esiti' }).click();
	await expect(reviewer.locator('.pill')).toHaveText('chiuso');
	await expect(late.locator('.outcome')).toHaveText('fatto in ritardo');
	await expect(done.locator('.outcome')).toHaveText('fatto');
	await reviewer.screenshot({ path: 'test-results/work-plan-closed.png', fullPage: true });
	await cabina.close();

	// Now public, with its history.
	await anonymous.goto(`/piano-di-lavoro/${QUARTER}`);
	await expect(anonymous.locator('.history li')).toHaveText([
		new RegExp(`${E2E_ACCOUNTS.operativo.name}: bozza creata`),
		new RegExp(`${E2E_ACCOUNTS.operativo.name}: bozza modificata`),
		new RegExp(`${E2E_ACCOUNTS.reviewer.name}: piano adottato`),
		new RegExp(`${E2E_ACCOUNTS.reviewer.name}: trimestre chiuso`)
	]);
	await expect(anonymous.getByText('180.000,00 €')).toBeVisible();

	// The quarter as CSV, parsed back; and as an A4 page without its buttons.
	const csv = await anonymous.request.get(`/api/v1/quarters/${QUARTER}/export.csv`);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
	expect(rows.map((r) => [r.row_kind, r.milestone || r.intervention_id, r.outcome])).toEqual([
		['intervention', intervention, ''],
		['milestone', 'Progetto di fattibilità approvato', 'done'],
		['milestone', 'Conferenza dei servizi indetta', 'late']
	]);
	expect(rows[0].actual_spend_eur).toBe('180000');
	await anonymous.emulateMedia({ media: 'print' });
	await expect(anonymous.getByRole('button', { name: 'Stampa / Salva PDF' })).toBeHidden();
	await expect(anonymous.locator('.source')).toContainText('cabina di regia');
	await anonymous.screenshot({ path: 'test-results/work-plan-a4.png', fullPage: true });
	await anonymous.emulateMedia({ media: 'screen' });

	// Monitoring: the intervention is late by the rule that fired, on the API and the dashboard.
	const answer = await (await anonymous.request.get('/api/v1/monitoring?status=late')).json();
	const slip = answer.interventions.find((i: { id: string }) => i.id === intervention);
	expect(slip).toMatchObject({
		progress: 'late',
		rule: 'closed_late',
		milestone: { quarter: QUARTER, title: 'Conferenza dei servizi indetta' },
		actual_spend_eur: 180000
	});
	await anonymous.goto('/monitoraggio');
	const row = anonymous.locator(
		`table[data-table="slips"] tr[data-intervention="${intervention}"]`
	);
	await expect(row).toContainText('Conferenza dei servizi indetta');
	const lateCount = answer.interventions.length;
	await expect(
		anonymous.locator('table[data-table="by-progress"] tr[data-progress="late"] td').first()
	).toHaveText(String(lateCount));
	await anonymous.screenshot({ path: 'test-results/monitoraggio.png', fullPage: true });

	// The map, coloured by stato di avanzamento: the intervention is drawn in the "late" colour,
	// its card says why, and the choice is kept in the URL.
	await anonymous.goto(`/?layers=interventions&feature=interventions:${intervention}`);
	await anonymous.waitForSelector('html[data-hydrated]', { state: 'attached' });
	await waitForMapIdle(anonymous);
	await anonymous.getByLabel('Colora per').selectOption('progress');
	await expect(anonymous).toHaveURL(/colour=progress/);
	await waitForMapIdle(anonymous);
	const drawn = await anonymous.evaluate((id) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const feature = map
			.queryRenderedFeatures({
				layers: [
					'layer-interventions-point',
					'layer-interventions-line',
					'layer-interventions-area'
				]
			})
			.find((f) => f.properties.id === id);
		if (!feature) return null;
		const paint = feature.layer.paint as Record<string, { toString(): string } | undefined>;
		const colour = paint['circle-color'] ?? paint['line-color'] ?? paint['fill-color'];
		return { progress: feature.properties.progress, colour: String(colour) };
	}, intervention);
	expect(drawn).toEqual({ progress: 'late', colour: 'rgba(213,94,0,1)' });
	const card = anonymous.locator('[data-fact="progress"]');
	await expect(card).toHaveAttribute('data-progress', 'late');
	await expect(card).toContainText('in ritardo');
	await expect(
		anonymous.locator('[data-legend="interventions"] li', { hasText: 'in ritardo' })
	).toBeVisible();
	await anonymous.screenshot({ path: 'test-results/map-progress.png' });
	await anonymous.reload();
	await waitForMapIdle(anonymous);
	await expect(anonymous.getByLabel('Colora per')).toHaveValue('progress');
	await visitor.close();
});

test('a milestone dated outside the quarter is refused on the page, and the draft is unchanged', async ({
	page
}) => {
	await signIn(page, 'operativo');
	const quarter = await startDraft(page);
	await page.getByRole('button', { name: 'Aggiungi una voce (fase e ambito)' }).click();
	await page.getByLabel('fase').fill('Fase unica');
	await page.getByRole('button', { name: 'Aggiungi un traguardo' }).click();
	await page.getByLabel('traguardo').fill('Fuori trimestre');
	// The date field's own limits would stop a person; the server must stop a script too.
	const after = shift(quarterBounds(quarter).ends, 1);
	await page.getByLabel('scadenza').evaluate((input: HTMLInputElement, after) => {
		input.removeAttribute('max');
		input.value = after;
		input.dispatchEvent(new Event('input', { bubbles: true }));
	}, after);
	await page.getByLabel('ente responsabile').fill('Camera di Commercio');
	await page.getByRole('button', { name: 'Salva la bozza' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Campo «scadenza»: la scadenza è fuori dal trimestre del piano'
	);
	await page.screenshot({ path: 'test-results/work-plan-draft-refused.png', fullPage: true });
	// The person's draft is still on the page to correct; nothing was saved.
	await expect(page.getByLabel('traguardo')).toHaveValue('Fuori trimestre');
	const saved = await (await page.request.get(`/api/v1/quarters/${quarter}`)).json();
	expect(saved.items).toEqual([]);
});
