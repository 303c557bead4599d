import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { interventionQueries } from '../../src/lib/server/intervention-queries.ts';
import { monitoringQueries } from '../../src/lib/server/monitoring-queries.ts';
import { workPlans } from '../../src/lib/server/work-plans.ts';
import { workPlanContentSchema, workPlanTransitionSchema } from '../../src/lib/work-plan.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

describe.each(ENGINES)('quarterly work plans, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let interventions: string[];
	const people: Record<string, string> = {};
	const as = (who: string | null) => (who ? { userId: people[who] } : null);
	const outcome = (work: Promise<unknown>) =>
		work.then(
			() => 'saved',
			(error: { status?: number; key?: string; message?: string }) =>
				error.status ? `${error.status} ${error.key}` : `error ${error.message}`
		);
	/** A draft's content: two phases in two ambiti, a milestone each, from `version`. */
	const content = (version: number, due = '2026-11-15', due2 = '2026-12-20') =>
		workPlanContentSchema.parse({
			version,
			summary_it: 'Piano di prova del trimestre',
			items: [
				{
					phase: 'Fase 1: progettazione',
					ambito: 1,
					interventions: [{ id: interventions[0], expected_spend_eur: 120000 }],
					milestones: [
						{ title: 'Progetto esecutivo approvato', due_on: due, owner_body: 'Provincia di Lucca' }
					]
				},
				{
					phase: 'Fase 2: gara',
					ambito: 3,
					interventions: [{ id: interventions[1], expected_spend_eur: null }],
					milestones: [
						{ title: 'Bando pubblicato', due_on: due2, owner_body: 'Camera di Commercio' }
					]
				}
			]
		});
	const visible = async (who: string | null, id: string) =>
		(await workPlans(db).getPlan(as(who), id)) !== null;

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		Object.assign(
			people,
			await addMembers(db, [
				['otto', 'Otto Operativo', 'operativo'],
				['rita', 'Rita Revisori', 'reviewer'],
				['anna', 'Anna Pianificatrice', 'planner']
			])
		);
		interventions = (
			await db.query<{ id: string }>('select id from public.intervention order by code limit 2')
		).map((r) => r.id);
	});
	afterAll(async () => drop?.());

	it('only the comitato operativo drafts; the draft is hidden from the public and planners', async () => {
		const plans = workPlans(db);
		expect(await outcome(plans.createPlan(as('anna'), '2026-Q4'))).toBe('403 problem.notAllowed');
		expect(await outcome(plans.createPlan(as('rita'), '2026-Q4'))).toBe('403 problem.notAllowed');
		expect(await outcome(plans.createPlan(null, '2026-Q4'))).toBe('401 problem.signInNeeded');
		expect(await plans.createPlan(as('otto'), '2026-Q4')).toEqual({ id: '2026-Q4', version: 1 });
		expect(await outcome(plans.createPlan(as('otto'), '2026-Q4'))).toBe(
			'409 problem.quarterExists'
		);
		await plans.saveDraft(as('otto'), '2026-Q4', content(1));
		expect(await visible(null, '2026-Q4')).toBe(false);
		expect(await visible('anna', '2026-Q4')).toBe(false);
		expect(await visible('rita', '2026-Q4')).toBe(true);
		const plan = (await plans.getPlan(as('otto'), '2026-Q4'))!;
		expect(plan).toMatchObject({ starts_on: '2026-10-01', ends_on: '2026-12-31', version: 2 });
		expect(plan.items.map((i) => [i.phase, i.ambito, i.milestones.length])).toEqual([
			['Fase 1: progettazione', 1, 1],
			['Fase 2: gara', 3, 1]
		]);
		expect(plan.items[0].interventions[0].expected_spend_eur).toBe(120000);
		expect(plan.items[1].interventions[0].expected_spend_eur).toBeNull();
	});

	it('a milestone outside the quarter is refused, by the server and by the database', async () => {
		const plans = workPlans(db);
		await plans.createPlan(as('otto'), '2027-Q1');
		expect(
			await outcome(plans.saveDraft(as('otto'), '2027-Q1', content(1, '2027-04-01', '2027-02-01')))
		).toBe('400 problem.field');
		await plans.saveDraft(as('otto'), '2027-Q1', content(1, '2027-03-31', '2027-02-01'));
		const [item] = await db.query<{ id: string }>(
			`select id from public.work_plan_item where plan_id = '2027-Q1' order by position limit 1`
		);
		const direct = await outcome(
			asIdentity(db, as('otto'), (tx) =>
				tx.query(
					`insert into public.work_plan_milestone (item_id, title, due_on, owner_body)
					 values ($1, 'Fuori trimestre', '2026-12-31', 'Provincia')`,
					[item.id]
				)
			)
		);
		expect(direct).toMatch(/outside quarter/);
		// A stale save changes nothing.
		expect(
			await outcome(plans.saveDraft(as('otto'), '2027-Q1', content(1, '2027-03-01', '2027-02-01')))
		).toBe('409 problem.conflict');
		const [{ count }] = await db.query<{ count: number }>(
			`select count(*)::int4 as count from public.work_plan_milestone m
			 join public.work_plan_item i on i.id = m.item_id where i.plan_id = '2027-Q1'`
		);
		expect(Number(count)).toBe(2);
	});

	it('the cabina di regia adopts; the adopted plan is public and frozen', async () => {
		const plans = workPlans(db);
		const { version } = (await plans.getPlan(as('rita'), '2026-Q4'))!;
		const adopt = workPlanTransitionSchema.parse({ to: 'adopted', version });
		expect(await outcome(plans.transition(as('otto'), '2026-Q4', adopt))).toBe(
			'403 problem.notAllowed'
		);
		expect(await outcome(plans.transition(as('anna'), '2026-Q4', adopt))).toBe(
			'404 problem.quarterNotFound'
		);
		await plans.transition(as('rita'), '2026-Q4', adopt);
		expect(await visible(null, '2026-Q4')).toBe(true);
		const adopted = (await plans.getPlan(null, '2026-Q4'))!;
		expect(adopted).toMatchObject({ status: 'adopted', adopted_by: 'Rita Revisori' });
		expect(await outcome(plans.saveDraft(as('otto'), '2026-Q4', content(adopted.version)))).toBe(
			'403 problem.notAllowed'
		);
		// Not even a reviewer changes the plan's content once adopted.
		const renamed = await outcome(
			asIdentity(db, as('rita'), (tx) =>
				tx.query(`update public.work_plan_item set phase = 'Altro' where plan_id = '2026-Q4'`)
			)
		);
		expect(renamed).toMatch(/only the cabina di regia records its outcomes/);
	});

	it('closing needs every outcome; then the quarter is closed for good, with its history', async () => {
		const plans = workPlans(db);
		const adopted = (await plans.getPlan(as('rita'), '2026-Q4'))!;
		const [first, second] = adopted.items.flatMap((i) => i.milestones);
		const closeWith = (milestones: unknown[], version = adopted.version) =>
			workPlanTransitionSchema.parse({
				to: 'closed',
				version,
				milestones,
				spends: [
					{
						item_id: adopted.items[0].id,
						intervention_id: adopted.items[0].interventions[0].id,
						actual_spend_eur: 95000.5,
						actual_spend_source: 'Determina dirigenziale n. 1/2027 (prova)'
					}
				]
			});
		expect(
			await outcome(
				plans.transition(
					as('rita'),
					'2026-Q4',
					closeWith([{ id: first.id, outcome: 'done', outcome_on: '2026-11-10' }])
				)
			)
		).toBe('400 problem.milestonesOpen');
		expect((await plans.getPlan(as('rita'), '2026-Q4'))!.status).toBe('adopted');
		await plans.transition(
			as('rita'),
			'2026-Q4',
			closeWith([
				{ id: first.id, outcome: 'done', outcome_on: '2026-11-10' },
				{
					id: second.id,
					outcome: 'late',
					outcome_on: '2027-01-15',
					outcome_note: 'Bando pubblicato a gennaio'
				}
			])
		);
		const closed = (await plans.getPlan(null, '2026-Q4'))!;
		expect(closed.status).toBe('closed');
		expect(closed.items[1].milestones[0]).toMatchObject({
			outcome: 'late',
			outcome_on: '2027-01-15'
		});
		expect(closed.items[0].interventions[0].actual_spend_eur).toBe(95000.5);
		expect(closed.events.map((e) => [e.action, e.actor])).toEqual([
			['created', 'Otto Operativo'],
			['edited', 'Otto Operativo'],
			['adopted', 'Rita Revisori'],
			['closed', 'Rita Revisori']
		]);
		const reopened = await outcome(
			asIdentity(db, as('rita'), (tx) =>
				tx.query(`update public.work_plan_milestone set outcome_note = 'x' where id = $1`, [
					first.id
				])
			)
		);
		expect(reopened).toMatch(/is closed: nobody changes it/);
		expect(
			await outcome(
				plans.transition(
					as('rita'),
					'2026-Q4',
					workPlanTransitionSchema.parse({ to: 'adopted', version: closed.version })
				)
			)
		).toBe('403 problem.notAllowed');
	});

	it('monitoring reads the closed quarter: a milestone closed late makes its intervention late, on the map too', async () => {
		const today = '2027-02-01';
		const progress = await monitoringQueries(db).listProgress({}, today);
		const of = (id: string) => progress.find((p) => p.id === id)!;
		expect([of(interventions[0]).progress, of(interventions[0]).rule]).toEqual([
			'on_time',
			'on_schedule'
		]);
		expect(of(interventions[1])).toMatchObject({
			progress: 'late',
			rule: 'closed_late',
			milestone: { quarter: '2026-Q4', title: 'Bando pubblicato', outcome_on: '2027-01-15' },
			quarters: ['2026-Q4']
		});
		expect(of(interventions[0])).toMatchObject({
			expected_spend_eur: 120000,
			actual_spend_eur: 95000.5
		});
		// Drafts do not count: the comitato's 2027-Q1 draft concerns nobody yet.
		const unmonitored = progress.filter((p) => !interventions.includes(p.id));
		expect(new Set(unmonitored.map((p) => p.progress))).not.toContain('late');
		expect(
			(await monitoringQueries(db).listProgress({ progress: 'late' }, today)).map((p) => p.id)
		).toEqual([interventions[1]]);
		expect(await monitoringQueries(db).spendByQuarter()).toEqual([
			{ quarter: '2026-Q4', status: 'closed', expected: 120000, actual: 95000.5 }
		]);
		// The map's layer carries the same verdict for every intervention it draws.
		const layer = await interventionQueries(db).getInterventionsLayer({ today });
		expect(layer.features.length).toBeGreaterThan(0);
		for (const feature of layer.features)
			expect(feature.properties.progress, String(feature.id)).toBe(of(String(feature.id)).progress);
	});

	it('lists the quarters each person may read', async () => {
		const plans = workPlans(db);
		expect((await plans.listPlans(null)).map((p) => [p.id, p.status])).toEqual([
			['2026-Q4', 'closed']
		]);
		expect((await plans.listPlans(as('otto'))).map((p) => p.id)).toEqual(['2027-Q1', '2026-Q4']);
	});
});
