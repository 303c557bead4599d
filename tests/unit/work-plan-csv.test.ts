import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { WORK_PLAN_CSV_COLUMNS, workPlanCsv } from '../../src/lib/server/work-plan-csv.ts';
import type { WorkPlan } from '../../src/lib/types.ts';

const plan: WorkPlan = {
	id: '2026-Q4',
	status: 'closed',
	starts_on: '2026-10-01',
	ends_on: '2026-12-31',
	summary_it: null,
	version: 4,
	created_by: 'Otto',
	adopted_by: 'Rita',
	adopted_at: '2026-10-02T10:00:00Z',
	closed_by: 'Rita',
	closed_at: '2027-01-05T10:00:00Z',
	events: [],
	items: [
		{
			id: 'i1',
			phase: 'Fase 1: "progettazione", lotto A',
			ambito: 1,
			interventions: [
				{
					id: 'rfi-1346',
					code: 'RFI-1346',
					title: 'Raddoppio Pistoia–Lucca',
					expected_spend_eur: 250000.5,
					actual_spend_eur: null,
					actual_spend_source: null
				}
			],
			milestones: [
				{
					id: 'm1',
					title: 'Conferenza dei servizi',
					due_on: '2026-12-20',
					owner_body: 'Provincia di Lucca',
					intervention_id: null,
					outcome: 'late',
					outcome_on: '2027-01-08',
					outcome_note: 'Dopo il parere\nregionale'
				}
			]
		}
	]
};

describe('workPlanCsv', () => {
	it('writes one row per intervention line and per milestone, parsed back unchanged', () => {
		const rows = parse(workPlanCsv(plan), { columns: true }) as Record<string, string>[];
		expect(Object.keys(rows[0])).toEqual([...WORK_PLAN_CSV_COLUMNS]);
		expect(rows.map((r) => r.row_kind)).toEqual(['intervention', 'milestone']);
		expect(rows[0]).toMatchObject({
			phase: 'Fase 1: "progettazione", lotto A',
			intervention_code: 'RFI-1346',
			expected_spend_eur: '250000.5',
			// Unknown is an empty cell, never zero.
			actual_spend_eur: ''
		});
		expect(rows[1]).toMatchObject({
			outcome: 'late',
			outcome_on: '2027-01-08',
			outcome_note: 'Dopo il parere\nregionale'
		});
	});
});
