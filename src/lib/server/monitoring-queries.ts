import { progressOf, type MilestoneFact, type Progress } from '../monitoring.ts';
import type { InterventionProgress } from '../types.ts';
import type { Queryable } from './db/engine.ts';

export interface MonitoringFilter {
	/** These interventions only (read through the primary key). */
	ids?: readonly string[];
	ambito?: number;
	progress?: Progress;
	/** Only the interventions of this quarter's (adopted or closed) plan. */
	quarter?: string;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return groups;
}

/**
 * Every intervention's progress by the monitoring rules, from the milestones of adopted and
 * closed plans (drafts do not count). A milestone concerns the intervention it names or, naming
 * none, every intervention of its item. Spend adds up the quarters' lines: expected where stated,
 * actual where a document gives it (null when no quarter states one).
 */
export function monitoringQueries(db: Queryable) {
	return {
		async listProgress(filter: MonitoringFilter, today: string): Promise<InterventionProgress[]> {
			const [interventions, milestones, spends] = await Promise.all([
				db.query<{
					id: string;
					code: string;
					title: string | null;
					cup: string | null;
					ambito: number | null;
					status: string | null;
					cost_eur: number | null;
				}>(
					`select id, code, title_it as title, cup, primary_ambito as ambito, status,
						cost_eur::float8 as cost_eur
					 from public.intervention
					 ${filter.ids ? 'where id = any($1::text[])' : ''} order by code`,
					filter.ids ? [filter.ids] : []
				),
				db.query<MilestoneFact & { intervention_id: string }>(
					`select coalesce(m.intervention_id, wi.intervention_id) as intervention_id,
						p.id as quarter, p.status as plan_status, m.title, m.due_on::text as due_on,
						m.outcome, m.outcome_on::text as outcome_on
					 from public.work_plan_milestone m
					 join public.work_plan_item i on i.id = m.item_id
					 join public.work_plan p on p.id = i.plan_id and p.status in ('adopted', 'closed')
					 left join public.work_plan_intervention wi
						on wi.item_id = i.id and m.intervention_id is null
					 where coalesce(m.intervention_id, wi.intervention_id) is not null`
				),
				db.query<{
					intervention_id: string;
					quarter: string;
					expected: number | null;
					actual: number | null;
				}>(
					`select wi.intervention_id, p.id as quarter, wi.expected_spend_eur::float8 as expected,
						wi.actual_spend_eur::float8 as actual
					 from public.work_plan_intervention wi
					 join public.work_plan_item i on i.id = wi.item_id
					 join public.work_plan p on p.id = i.plan_id and p.status in ('adopted', 'closed')`
				)
			]);
			const sum = (values: (number | null)[]) => {
				const known = values.filter((v): v is number => v !== null);
				return known.length ? known.reduce((a, b) => a + b, 0) : null;
			};
			const milestonesOf = groupBy(milestones, (m) => m.intervention_id);
			const spendsOf = groupBy(spends, (s) => s.intervention_id);
			return interventions
				.map((i) => {
					const own = milestonesOf.get(i.id) ?? [];
					const lines = spendsOf.get(i.id) ?? [];
					const verdict = progressOf(i, own, today);
					return {
						id: i.id,
						code: i.code,
						title: i.title ?? (i.cup ? `CUP ${i.cup}` : i.code),
						ambito: i.ambito === null ? null : Number(i.ambito),
						status: i.status,
						cost_eur: i.cost_eur === null ? null : Number(i.cost_eur),
						progress: verdict.progress,
						rule: verdict.rule,
						milestone: verdict.milestone && {
							quarter: verdict.milestone.quarter,
							title: verdict.milestone.title,
							due_on: verdict.milestone.due_on,
							outcome_on: verdict.milestone.outcome_on
						},
						quarters: [
							...new Set([...own.map((m) => m.quarter), ...lines.map((l) => l.quarter)])
						].sort(),
						expected_spend_eur: sum(lines.map((l) => l.expected)),
						actual_spend_eur: sum(lines.map((l) => l.actual))
					};
				})
				.filter(
					(row) =>
						(filter.ambito === undefined || row.ambito === filter.ambito) &&
						(filter.progress === undefined || row.progress === filter.progress) &&
						(filter.quarter === undefined || row.quarters.includes(filter.quarter))
				);
		},

		/** Expected and actual spend per quarter of adopted and closed plans, for the spend curve. */
		async spendByQuarter(): Promise<
			{ quarter: string; status: string; expected: number | null; actual: number | null }[]
		> {
			const rows = await db.query<{
				quarter: string;
				status: string;
				expected: number | null;
				actual: number | null;
			}>(
				`select p.id as quarter, p.status, sum(wi.expected_spend_eur)::float8 as expected,
					sum(wi.actual_spend_eur)::float8 as actual
				 from public.work_plan p
				 left join public.work_plan_item i on i.plan_id = p.id
				 left join public.work_plan_intervention wi on wi.item_id = i.id
				 where p.status in ('adopted', 'closed')
				 group by p.id, p.status order by p.id`
			);
			return rows.map((r) => ({
				...r,
				expected: r.expected === null ? null : Number(r.expected),
				actual: r.actual === null ? null : Number(r.actual)
			}));
		}
	};
}
