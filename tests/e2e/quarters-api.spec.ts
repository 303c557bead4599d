import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiClientOf } from './accounts.ts';

const QUARTER = '2026-Q4';

const draft = (version: number, due: string, expected: unknown, intervention: string) => ({
	version,
	summary_it: 'Primo piano di lavoro trimestrale (prova)',
	items: [
		{
			phase: 'Fase 1: avvio',
			ambito: 1,
			interventions: [{ id: intervention, expected_spend_eur: expected }],
			milestones: [{ title: 'Avvio dei lavori', due_on: due, owner_body: 'Provincia di Lucca' }]
		}
	]
});

async function anyIntervention(request: APIRequestContext): Promise<string> {
	const list = await (await request.get('/api/v1/interventions')).json();
	return list.features[0].properties.id;
}

test('a quarter goes from draft to adopted to closed through the API, each step by its committee', async ({
	browser,
	request
}) => {
	const intervention = await anyIntervention(request);
	expect(
		(await request.post('/api/v1/quarters', { data: { id: QUARTER } })).status(),
		'anonymous'
	).toBe(401);
	const operativo = await apiClientOf(browser, 'operativo');
	const reviewer = await apiClientOf(browser, 'reviewer');
	const planner = await apiClientOf(browser, 'planner');
	try {
		const created = await operativo.send('POST', '/api/v1/quarters', { id: QUARTER });
		expect(created.status()).toBe(201);
		expect(
			(await planner.send('POST', '/api/v1/quarters', { id: '2027-Q1' })).status(),
			'a planner drafts nothing'
		).toBe(403);

		// Bad input: a clear message in Italian, and the draft unchanged.
		const outside = await operativo.send(
			'PUT',
			`/api/v1/quarters/${QUARTER}`,
			draft(1, '2027-01-10', 1000, intervention)
		);
		expect(outside.status()).toBe(400);
		expect((await outside.json()).error.message).toBe(
			'Campo «due_on»: la scadenza è fuori dal trimestre del piano'
		);
		const notAnAmount = await operativo.send(
			'PUT',
			`/api/v1/quarters/${QUARTER}`,
			draft(1, '2026-11-30', 'mille euro', intervention)
		);
		expect(notAnAmount.status()).toBe(400);
		expect((await notAnAmount.json()).error.message).toContain(
			'deve essere un importo in euro non negativo'
		);
		const untouched = await (await operativo.request.get(`/api/v1/quarters/${QUARTER}`)).json();
		expect(untouched).toMatchObject({ version: 1, items: [] });

		const saved = await operativo.send(
			'PUT',
			`/api/v1/quarters/${QUARTER}`,
			draft(1, '2026-11-30', 1000, intervention)
		);
		expect(saved.status()).toBe(200);
		expect(
			(await request.get(`/api/v1/quarters/${QUARTER}`)).status(),
			'a draft is not public'
		).toBe(404);

		const adopt = { to: 'adopted', version: 2 };
		const refused = await planner.send('POST', `/api/v1/quarters/${QUARTER}/transition`, adopt);
		expect(refused.status()).toBe(404);
		const byOperativo = await operativo.send(
			'POST',
			`/api/v1/quarters/${QUARTER}/transition`,
			adopt
		);
		expect(byOperativo.status()).toBe(403);
		expect((await byOperativo.json()).error.message).toBe(
			'Non hai i permessi per questa operazione.'
		);
		expect(
			(await reviewer.send('POST', `/api/v1/quarters/${QUARTER}/transition`, adopt)).status()
		).toBe(200);

		const adopted = await (await request.get(`/api/v1/quarters/${QUARTER}`)).json();
		expect(adopted.status).toBe('adopted');
		expect(adopted.adopted_by).toBe('Rita Reviewer');
		const milestone = adopted.items[0].milestones[0].id;
		const stale = await reviewer.send('POST', `/api/v1/quarters/${QUARTER}/transition`, {
			to: 'closed',
			version: 2,
			milestones: [{ id: milestone, outcome: 'late', outcome_on: '2027-01-12' }]
		});
		expect(stale.status()).toBe(409);
		const closed = await reviewer.send('POST', `/api/v1/quarters/${QUARTER}/transition`, {
			to: 'closed',
			version: 3,
			milestones: [
				{ id: milestone, outcome: 'late', outcome_on: '2027-01-12', outcome_note: 'Gara slittata' }
			]
		});
		expect(closed.status()).toBe(200);
		const list = await (await request.get('/api/v1/quarters')).json();
		expect(list).toEqual([
			expect.objectContaining({ id: QUARTER, status: 'closed', items: 1, milestones: 1 })
		]);
		const history = (await (await request.get(`/api/v1/quarters/${QUARTER}`)).json()).events;
		expect(history.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
			['created', 'Ottavio Operativo'],
			['edited', 'Ottavio Operativo'],
			['adopted', 'Rita Reviewer'],
			['closed', 'Rita Reviewer']
		]);
	} finally {
		await Promise.all([operativo.close(), reviewer.close(), planner.close()]);
	}
});
