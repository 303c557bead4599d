// The plan at work on both engines: the same reads of work plans, monitoring and ambito pages,
// timed in process on embedded PGlite and on PostgreSQL loaded with the same data and the same
// SYNTHETIC quarters (benchmark data only, in a throw-away database, never shown as real).
// The figure that matters is the ratio PostgreSQL / embedded for the same query in the same run.
import { todayInItaly } from '../../src/lib/dates.ts';
import { ambitoQueries } from '../../src/lib/server/ambito-queries.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { interventionQueries } from '../../src/lib/server/intervention-queries.ts';
import { monitoringQueries } from '../../src/lib/server/monitoring-queries.ts';
import { workPlans } from '../../src/lib/server/work-plans.ts';
import {
	quarterBounds,
	workPlanContentSchema,
	workPlanTransitionSchema
} from '../../src/lib/work-plan.ts';
import { ENGINES, loadedDatabase, type Engine } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

/** Eight quarters, the last left adopted: each with an item per ambito and two milestones. */
const QUARTERS = [
	'2025-Q1',
	'2025-Q2',
	'2025-Q3',
	'2025-Q4',
	'2026-Q1',
	'2026-Q2',
	'2026-Q3',
	'2026-Q4'
];

const shift = (date: string, days: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function seedQuarters(db: Database) {
	const people = await addMembers(db, [
		['otto', 'Otto (bench)', 'operativo'],
		['rita', 'Rita (bench)', 'reviewer']
	]);
	const interventions = (
		await db.query<{ id: string }>('select id from public.intervention order by code')
	).map((r) => r.id);
	const plans = workPlans(db);
	const writes: Record<'draft' | 'adopt' | 'close', number[]> = { draft: [], adopt: [], close: [] };
	const timed = async <T>(kind: keyof typeof writes, work: () => Promise<T>) => {
		const started = performance.now();
		const result = await work();
		writes[kind].push(performance.now() - started);
		return result;
	};
	for (const [q, quarter] of QUARTERS.entries()) {
		const { starts, ends } = quarterBounds(quarter);
		const { version } = await plans.createPlan({ userId: people.otto }, quarter);
		const content = workPlanContentSchema.parse({
			version,
			summary_it: `Trimestre sintetico ${quarter} (benchmark)`,
			items: Array.from({ length: 8 }, (_, a) => ({
				phase: `Fase sintetica ${a + 1}`,
				ambito: a + 1,
				interventions: interventions
					.slice(((q * 8 + a) * 3) % interventions.length)
					.slice(0, 3)
					.map((id, k) => ({ id, expected_spend_eur: (k + 1) * 10_000 })),
				milestones: [
					{ title: 'Traguardo sintetico A', due_on: shift(starts, 20), owner_body: 'Bench' },
					{ title: 'Traguardo sintetico B', due_on: shift(ends, -5), owner_body: 'Bench' }
				]
			}))
		});
		await timed('draft', () => plans.saveDraft({ userId: people.otto }, quarter, content));
		const draft = (await plans.getPlan({ userId: people.rita }, quarter))!;
		await timed('adopt', () =>
			plans.transition(
				{ userId: people.rita },
				quarter,
				workPlanTransitionSchema.parse({ to: 'adopted', version: draft.version })
			)
		);
		if (q === QUARTERS.length - 1) continue;
		const adopted = (await plans.getPlan({ userId: people.rita }, quarter))!;
		await timed('close', () =>
			plans.transition(
				{ userId: people.rita },
				quarter,
				workPlanTransitionSchema.parse({
					to: 'closed',
					version: adopted.version,
					milestones: adopted.items.flatMap((item, i) =>
						item.milestones.map((m, k) => ({
							id: m.id,
							outcome: (i + k) % 5 === 0 ? 'late' : 'done',
							outcome_on: (i + k) % 5 === 0 ? shift(ends, 10) : m.due_on
						}))
					),
					spends: adopted.items.slice(0, 4).map((item) => ({
						item_id: item.id,
						intervention_id: item.interventions[0].id,
						actual_spend_eur: 9_000,
						actual_spend_source: 'Documento sintetico (benchmark)'
					}))
				})
			)
		);
	}
	return writes;
}

/** The reads the new pages and APIs make, by name. */
function reads(db: Database): Record<string, () => Promise<unknown>> {
	const today = todayInItaly();
	return {
		'monitoring: every intervention (GET /api/v1/monitoring, /monitoraggio)': () =>
			monitoringQueries(db).listProgress({}, today),
		'monitoring: one ambito and status (?ambito=3&status=late)': () =>
			monitoringQueries(db).listProgress({ ambito: 3, progress: 'late' }, today),
		'spend by quarter (the spend curve)': () => monitoringQueries(db).spendByQuarter(),
		'quarters list (GET /api/v1/quarters)': () => workPlans(db).listPlans(null),
		'one quarter (GET /api/v1/quarters/2026-Q3)': () => workPlans(db).getPlan(null, '2026-Q3'),
		'ambito page (GET /api/v1/ambiti/3)': () => ambitoQueries(db).getAmbito(3),
		'interventions layer with progress (map)': () => interventionQueries(db).getInterventionsLayer()
	};
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function planAtWork(postgresUrl: string, runs = 30) {
	const figures = new Map<string, Record<Engine, number>>();
	const writeFigures = new Map<string, Record<Engine, number>>();
	for (const engine of ENGINES) {
		const { db, drop } = await loadedDatabase(engine, postgresUrl);
		try {
			const writes = await seedQuarters(db);
			for (const [kind, times] of Object.entries(writes))
				writeFigures.set(kind, { ...writeFigures.get(kind)!, [engine]: median(times) });
			for (const [name, read] of Object.entries(reads(db))) {
				for (let i = 0; i < 3; i++) await read(); // warm-up: plans cached, pages in memory
				const times: number[] = [];
				for (let i = 0; i < runs; i++) {
					const started = performance.now();
					await read();
					times.push(performance.now() - started);
				}
				figures.set(name, { ...figures.get(name)!, [engine]: median(times) });
			}
		} finally {
			await drop();
		}
	}
	const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
	const rows = [...figures].map(
		([name, f]) =>
			`| ${name} | ${ms(f.pglite)} | ${ms(f.postgres)} | ×${(f.postgres / f.pglite).toFixed(2)} |`
	);
	const writeRows = [...writeFigures].map(
		([kind, f]) =>
			`| ${{ draft: 'save a draft (8 items, 24 interventions, 16 milestones)', adopt: 'adopt', close: 'close with 16 outcomes and 4 spends' }[kind]} | ${ms(f.pglite)} | ${ms(f.postgres)} | ×${(f.postgres / f.pglite).toFixed(2)} |`
	);
	return [
		`plan at work, in process, medians of ${runs} (8 synthetic quarters, 7 closed):`,
		'| read | embedded (PGlite) | PostgreSQL | PostgreSQL / embedded |',
		'|---|---|---|---|',
		...rows,
		'| write (median of 7–8) | embedded (PGlite) | PostgreSQL | PostgreSQL / embedded |',
		...writeRows
	].join('\n');
}
