import { stringify } from 'csv-stringify/sync';
import type { WorkPlan } from '../types.ts';

/** The CSV's columns: one row per intervention line and per milestone of each item. */
export const WORK_PLAN_CSV_COLUMNS = [
	'quarter',
	'plan_status',
	'row_kind',
	'phase',
	'ambito',
	'intervention_id',
	'intervention_code',
	'intervention_title',
	'expected_spend_eur',
	'actual_spend_eur',
	'actual_spend_source',
	'milestone',
	'due_on',
	'owner_body',
	'outcome',
	'outcome_on',
	'outcome_note'
] as const;

type Row = Partial<Record<(typeof WORK_PLAN_CSV_COLUMNS)[number], string | number | null>>;

/** A quarter's plan as CSV (RFC 4180, UTF-8): unknown amounts are empty cells, never zero. */
export function workPlanCsv(plan: WorkPlan): string {
	const rows: Row[] = plan.items.flatMap((item) => {
		const common = {
			quarter: plan.id,
			plan_status: plan.status,
			phase: item.phase,
			ambito: item.ambito
		};
		return [
			...item.interventions.map((line) => ({
				...common,
				row_kind: 'intervention',
				intervention_id: line.id,
				intervention_code: line.code,
				intervention_title: line.title,
				expected_spend_eur: line.expected_spend_eur,
				actual_spend_eur: line.actual_spend_eur,
				actual_spend_source: line.actual_spend_source
			})),
			...item.milestones.map((m) => ({
				...common,
				row_kind: 'milestone',
				intervention_id: m.intervention_id,
				milestone: m.title,
				due_on: m.due_on,
				owner_body: m.owner_body,
				outcome: m.outcome,
				outcome_on: m.outcome_on,
				outcome_note: m.outcome_note
			}))
		];
	});
	return stringify(rows, {
		header: true,
		columns: [...WORK_PLAN_CSV_COLUMNS],
		cast: { number: (value) => String(value) }
	});
}
