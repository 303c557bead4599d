import { describe, expect, it } from 'vitest';
import { progressOf, type MilestoneFact } from '../../src/lib/monitoring.ts';

const TODAY = '2026-11-30';
const milestone = (fields: Partial<MilestoneFact>): MilestoneFact => ({
	quarter: '2026-Q4',
	plan_status: 'adopted',
	title: 'Traguardo',
	due_on: '2026-12-20',
	outcome: null,
	outcome_on: null,
	...fields
});
const running = { status: 'in_progress' };

describe('progressOf', () => {
	it('says completed for a completed intervention, whatever its milestones', () => {
		expect(
			progressOf({ status: 'completed' }, [milestone({ due_on: '2026-10-01' })], TODAY)
		).toMatchObject({ progress: 'completed', rule: 'completed' });
	});

	it('says late when an open milestone was due yesterday, not when it is due today', () => {
		expect(progressOf(running, [milestone({ due_on: '2026-11-29' })], TODAY)).toMatchObject({
			progress: 'late',
			rule: 'open_past_due'
		});
		expect(progressOf(running, [milestone({ due_on: TODAY })], TODAY)).toMatchObject({
			progress: 'at_risk',
			rule: 'due_soon'
		});
	});

	it('says at risk up to 30 days ahead, on time from the 31st', () => {
		expect(progressOf(running, [milestone({ due_on: '2026-12-30' })], TODAY).progress).toBe(
			'at_risk'
		);
		expect(progressOf(running, [milestone({ due_on: '2026-12-31' })], TODAY).progress).toBe(
			'on_time'
		);
	});

	it('says late when the latest closed quarter closed a milestone late, not an older one', () => {
		const closedLate = milestone({
			quarter: '2026-Q3',
			plan_status: 'closed',
			due_on: '2026-09-15',
			outcome: 'late',
			outcome_on: '2026-10-02'
		});
		expect(progressOf(running, [closedLate], TODAY)).toMatchObject({
			progress: 'late',
			rule: 'closed_late',
			milestone: closedLate
		});
		const laterOnTime = milestone({
			quarter: '2026-Q4',
			plan_status: 'closed',
			due_on: '2026-11-15',
			outcome: 'done',
			outcome_on: '2026-11-10'
		});
		expect(progressOf(running, [closedLate, laterOnTime], TODAY).progress).toBe('on_time');
	});

	it('ignores dropped milestones, and says not monitored without any', () => {
		const dropped = milestone({ due_on: '2026-10-01', outcome: 'dropped' });
		expect(progressOf(running, [dropped], TODAY)).toMatchObject({
			progress: 'not_monitored',
			rule: 'no_milestones'
		});
		expect(progressOf({ status: null }, [], TODAY).progress).toBe('not_monitored');
	});

	it('names the earliest open milestone past due', () => {
		const first = milestone({ title: 'Primo', due_on: '2026-10-05' });
		const second = milestone({ title: 'Secondo', due_on: '2026-11-05' });
		expect(progressOf(running, [second, first], TODAY).milestone?.title).toBe('Primo');
	});
});

describe('summariseProgress', () => {
	it('counts interventions and known money by status and by ambito', async () => {
		const { summariseProgress } = await import('../../src/lib/monitoring.ts');
		const summary = summariseProgress([
			{ progress: 'late', ambito: 1, cost_eur: 1000 },
			{ progress: 'late', ambito: 3, cost_eur: null },
			{ progress: 'on_time', ambito: 1, cost_eur: 500 }
		]);
		expect(summary.byProgress.find((r) => r.progress === 'late')).toEqual({
			progress: 'late',
			count: 2,
			cost_eur: 1000,
			without_cost: 1
		});
		expect(summary.byProgress.map((r) => r.progress)).toEqual([
			'late',
			'at_risk',
			'on_time',
			'completed',
			'not_monitored'
		]);
		expect(summary.byAmbito.map((r) => [r.ambito, r.cells.map((c) => c.count)])).toEqual([
			[1, [1, 0, 1, 0, 0]],
			[3, [1, 0, 0, 0, 0]]
		]);
	});
});
