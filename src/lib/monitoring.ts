// The cabina di regia's monitoring rules: an intervention's progress from the milestones of the
// adopted and closed work plans that concern it. Pure functions: the server applies them to the
// database's rows, the pages print the same rules in words (monitoring.rule.* messages).

/** How near a due date must be for an open milestone to put its intervention at risk. */
export const AT_RISK_DAYS = 30;

export type Progress = 'completed' | 'late' | 'at_risk' | 'on_time' | 'not_monitored';

/** The rule that decided, as a message key's last part (monitoring.rule.<rule>). */
export type ProgressRule =
	'completed' | 'open_past_due' | 'closed_late' | 'due_soon' | 'on_schedule' | 'no_milestones';

/** A milestone of an adopted or closed plan that concerns the intervention. */
export interface MilestoneFact {
	quarter: string;
	plan_status: 'adopted' | 'closed';
	title: string;
	due_on: string;
	outcome: 'done' | 'late' | 'dropped' | null;
	outcome_on: string | null;
}

export interface ProgressVerdict {
	progress: Progress;
	rule: ProgressRule;
	/** The milestone that fired the rule, when one did. */
	milestone: MilestoneFact | null;
}

const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * In order, the first that applies:
 * 1. completed — the intervention's documented status is completed;
 * 2. late — a milestone is past its due date without an outcome, or the latest closed quarter
 *    with its milestones closed one of them late;
 * 3. at risk — an open milestone is due within 30 days (today included);
 * 4. on time — it has milestones in adopted or closed plans and none of the above;
 * 5. not monitored — no adopted or closed plan has a milestone for it.
 * A dropped milestone counts for none of these.
 */
export function progressOf(
	intervention: { status: string | null },
	milestones: readonly MilestoneFact[],
	today: string
): ProgressVerdict {
	if (intervention.status === 'completed')
		return { progress: 'completed', rule: 'completed', milestone: null };
	const open = milestones
		.filter((m) => m.outcome === null)
		.sort((a, b) => a.due_on.localeCompare(b.due_on));
	const pastDue = open.find((m) => m.due_on < today);
	if (pastDue) return { progress: 'late', rule: 'open_past_due', milestone: pastDue };
	const latestClosed = milestones
		.filter((m) => m.plan_status === 'closed')
		.map((m) => m.quarter)
		.sort()
		.at(-1);
	const closedLate = milestones.find((m) => m.quarter === latestClosed && m.outcome === 'late');
	if (closedLate) return { progress: 'late', rule: 'closed_late', milestone: closedLate };
	const dueSoon = open.find((m) => daysBetween(today, m.due_on) <= AT_RISK_DAYS);
	if (dueSoon) return { progress: 'at_risk', rule: 'due_soon', milestone: dueSoon };
	if (milestones.some((m) => m.outcome !== 'dropped'))
		return { progress: 'on_time', rule: 'on_schedule', milestone: null };
	return { progress: 'not_monitored', rule: 'no_milestones', milestone: null };
}

export const PROGRESS_ORDER: readonly Progress[] = [
	'late',
	'at_risk',
	'on_time',
	'completed',
	'not_monitored'
];

/** Counts and money of a group of interventions (cost where known; how many have none). */
export interface ProgressTotals {
	count: number;
	cost_eur: number;
	without_cost: number;
}

const add = (totals: ProgressTotals, row: { cost_eur: number | null }): ProgressTotals => ({
	count: totals.count + 1,
	cost_eur: totals.cost_eur + (row.cost_eur ?? 0),
	without_cost: totals.without_cost + (row.cost_eur === null ? 1 : 0)
});
const empty = (): ProgressTotals => ({ count: 0, cost_eur: 0, without_cost: 0 });

/** The dashboard's tables: by progress, and by ambito and progress. */
export function summariseProgress(
	rows: readonly { progress: Progress; ambito: number | null; cost_eur: number | null }[]
) {
	const byProgress = new Map(PROGRESS_ORDER.map((p) => [p, empty()]));
	const byAmbito = new Map<number | null, Map<Progress, ProgressTotals>>();
	for (const row of rows) {
		byProgress.set(row.progress, add(byProgress.get(row.progress)!, row));
		const ambito = byAmbito.get(row.ambito) ?? new Map(PROGRESS_ORDER.map((p) => [p, empty()]));
		ambito.set(row.progress, add(ambito.get(row.progress)!, row));
		byAmbito.set(row.ambito, ambito);
	}
	return {
		byProgress: PROGRESS_ORDER.map((progress) => ({ progress, ...byProgress.get(progress)! })),
		byAmbito: [...byAmbito.entries()]
			.sort(([a], [b]) => (a ?? 99) - (b ?? 99))
			.map(([ambito, totals]) => ({
				ambito,
				cells: PROGRESS_ORDER.map((progress) => ({ progress, ...totals.get(progress)! }))
			}))
	};
}
