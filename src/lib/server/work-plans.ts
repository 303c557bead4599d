import type { WorkPlan, WorkPlanItem, WorkPlanSummary } from '../types.ts';
import { quarterBounds, type WorkPlanContent, type WorkPlanTransition } from '../work-plan.ts';
import type { Database, Queryable } from './db/engine.ts';
import { asIdentity, type Identity } from './db/identity.ts';
import { RefusalError } from './refusal.ts';

const UTC = (column: string) =>
	`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** Translates what the database refused into the refusal a person understands. */
function refusal(error: unknown): never {
	if (error instanceof RefusalError) throw error;
	const { code, message, constraint } = error as {
		code?: string;
		message?: string;
		constraint?: string;
	};
	if (code === '40001') throw new RefusalError(409, 'problem.conflict');
	if (code === '42501') throw new RefusalError(403, 'problem.notAllowed');
	if (constraint === 'work_plan_milestone_in_quarter' || /outside quarter/.test(message ?? ''))
		throw new RefusalError(400, 'problem.field', {
			field: 'due_on',
			problem: 'problem.milestoneOutsideQuarter'
		});
	if (/without an outcome/.test(message ?? ''))
		throw new RefusalError(400, 'problem.milestonesOpen');
	if (code === '23503')
		throw new RefusalError(400, 'problem.field', {
			field: 'interventions',
			problem: 'problem.intervention'
		});
	if (code === '23505') throw new RefusalError(409, 'problem.quarterExists');
	if (code === '23514')
		throw new RefusalError(400, 'problem.field', { field: 'body', problem: 'problem.invalid' });
	throw error;
}

export function workPlans(db: Database) {
	/** Why a step changed nothing: not the person's to take (403), no such plan (404), a stale version (409). */
	const whyNot = async (tx: Queryable, id: string): Promise<RefusalError> => {
		const [row] = await tx.query<{ visible: boolean; committee: boolean }>(
			`select exists (select 1 from public.work_plan where id = $1) as visible,
				public.is_operativo() or public.is_reviewer() as committee`,
			[id]
		);
		if (!row.visible) return new RefusalError(404, 'problem.quarterNotFound', { id });
		if (!row.committee) return new RefusalError(403, 'problem.notAllowed');
		return new RefusalError(409, 'problem.conflict');
	};
	/** A closing record that names a milestone or intervention line this plan does not have. */
	const notInPlan = async (tx: Queryable, id: string, field: string) => {
		const reason = await whyNot(tx, id);
		return reason.status === 409
			? new RefusalError(400, 'problem.field', { field, problem: 'problem.notInPlan' })
			: reason;
	};

	return {
		/** The quarters this person may read: adopted and closed for all, drafts for the committees. */
		listPlans(identity: Identity): Promise<WorkPlanSummary[]> {
			return asIdentity(db, identity, async (tx) => {
				const rows = await tx.query<WorkPlanSummary>(
					`select p.id, p.status, p.starts_on::text as starts_on, p.ends_on::text as ends_on,
						(select count(*)::int4 from public.work_plan_item i where i.plan_id = p.id) as items,
						(select count(*)::int4 from public.work_plan_milestone m
							join public.work_plan_item i on i.id = m.item_id where i.plan_id = p.id) as milestones,
						${UTC('p.adopted_at')} as adopted_at, ${UTC('p.closed_at')} as closed_at
					 from public.work_plan p order by p.id desc`
				);
				return rows.map((r) => ({
					...r,
					items: Number(r.items),
					milestones: Number(r.milestones)
				}));
			});
		},

		/** One quarter's plan with its items, milestones, interventions and history; null if unseen. */
		getPlan(identity: Identity, id: string): Promise<WorkPlan | null> {
			return asIdentity(db, identity, async (tx) => {
				const [plan] = await tx.query<Omit<WorkPlan, 'items' | 'events'>>(
					`select p.id, p.status, p.starts_on::text as starts_on, p.ends_on::text as ends_on,
						p.summary_it, p.version, public.member_name(p.created_by) as created_by,
						public.member_name(p.adopted_by) as adopted_by, ${UTC('p.adopted_at')} as adopted_at,
						public.member_name(p.closed_by) as closed_by, ${UTC('p.closed_at')} as closed_at
					 from public.work_plan p where p.id = $1`,
					[id]
				);
				if (!plan) return null;
				const [items, interventions, milestones, events] = await Promise.all([
					tx.query<{ id: string; phase: string; ambito: number }>(
						`select id, phase, ambito_code as ambito from public.work_plan_item
						 where plan_id = $1 order by position, id`,
						[id]
					),
					tx.query<WorkPlanItem['interventions'][number] & { item_id: string }>(
						`select wi.item_id, wi.intervention_id as id, i.code, i.title_it as title,
							wi.expected_spend_eur::float8 as expected_spend_eur,
							wi.actual_spend_eur::float8 as actual_spend_eur, wi.actual_spend_source
						 from public.work_plan_intervention wi
						 join public.work_plan_item it on it.id = wi.item_id
						 join public.intervention i on i.id = wi.intervention_id
						 where it.plan_id = $1 order by i.code`,
						[id]
					),
					tx.query<WorkPlanItem['milestones'][number] & { item_id: string }>(
						`select m.id, m.item_id, m.title, m.due_on::text as due_on, m.owner_body,
							m.intervention_id, m.outcome, m.outcome_on::text as outcome_on, m.outcome_note
						 from public.work_plan_milestone m
						 join public.work_plan_item it on it.id = m.item_id
						 where it.plan_id = $1 order by m.position, m.due_on, m.id`,
						[id]
					),
					tx.query<WorkPlan['events'][number]>(
						`select action, actor_name as actor, ${UTC('at')} as at
						 from public.work_plan_event where plan_id = $1 order by id`,
						[id]
					)
				]);
				return {
					...plan,
					version: Number(plan.version),
					items: items.map((item) => ({
						id: item.id,
						phase: item.phase,
						ambito: Number(item.ambito),
						interventions: interventions
							.filter((i) => i.item_id === item.id)
							.map(({ item_id: _item, ...i }) => i),
						milestones: milestones
							.filter((m) => m.item_id === item.id)
							.map(({ item_id: _item, ...m }) => m)
					})),
					events
				};
			});
		},

		/** The comitato operativo starts a quarter's draft. */
		async createPlan(identity: Identity, id: string) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				const [row] = await tx
					.query<{ id: string; version: number }>(
						`insert into public.work_plan (id) values ($1) returning id, version`,
						[id]
					)
					.catch(refusal);
				return { id: row.id, version: Number(row.version) };
			});
		},

		/**
		 * The comitato operativo saves a draft's content read at `version`: its items replace the
		 * previous ones, in one transaction. Milestones outside the quarter are refused first here,
		 * in the person's words; the database refuses them too.
		 */
		async saveDraft(identity: Identity, id: string, content: WorkPlanContent) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const { starts, ends } = quarterBounds(id);
			for (const item of content.items)
				for (const m of item.milestones)
					if (m.due_on < starts || m.due_on > ends)
						throw new RefusalError(400, 'problem.field', {
							field: 'due_on',
							problem: 'problem.milestoneOutsideQuarter'
						});
			return asIdentity(db, identity, async (tx) => {
				const rows = await tx
					.query<{ version: number }>(
						`update public.work_plan set summary_it = $1, version = $2 where id = $3 returning version`,
						[content.summary_it, content.version, id]
					)
					.catch(refusal);
				if (rows.length === 0) throw await whyNot(tx, id);
				await tx.query('delete from public.work_plan_item where plan_id = $1', [id]).catch(refusal);
				for (const [position, item] of content.items.entries()) {
					const [{ id: itemId }] = await tx
						.query<{ id: string }>(
							`insert into public.work_plan_item (plan_id, phase, ambito_code, position)
							 values ($1, $2, $3, $4) returning id`,
							[id, item.phase, item.ambito, position]
						)
						.catch(refusal);
					for (const line of item.interventions)
						await tx
							.query(
								`insert into public.work_plan_intervention (item_id, intervention_id, expected_spend_eur)
								 values ($1, $2, $3)`,
								[itemId, line.id, line.expected_spend_eur]
							)
							.catch(refusal);
					for (const [order, m] of item.milestones.entries())
						await tx
							.query(
								`insert into public.work_plan_milestone (item_id, intervention_id, title, due_on, owner_body, position)
								 values ($1, $2, $3, $4, $5, $6)`,
								[itemId, m.intervention_id, m.title, m.due_on, m.owner_body, order]
							)
							.catch(refusal);
				}
				return { id, version: Number(rows[0].version) };
			});
		},

		/** The cabina di regia adopts a draft, or closes an adopted plan with its outcomes. */
		async transition(identity: Identity, id: string, change: WorkPlanTransition) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				if (change.to === 'closed') {
					for (const m of change.milestones) {
						const updated = await tx
							.query(
								`update public.work_plan_milestone m set outcome = $1, outcome_on = $2, outcome_note = $3
								 from public.work_plan_item i
								 where m.id = $4 and i.id = m.item_id and i.plan_id = $5 returning m.id`,
								[m.outcome, m.outcome === 'dropped' ? null : m.outcome_on, m.outcome_note, m.id, id]
							)
							.catch(refusal);
						if (updated.length === 0) throw await notInPlan(tx, id, 'milestones');
						if (m.outcome !== 'dropped' && !m.outcome_on)
							throw new RefusalError(400, 'problem.field', {
								field: 'outcome_on',
								problem: 'problem.fullDate'
							});
					}
					for (const s of change.spends) {
						const updated = await tx
							.query(
								`update public.work_plan_intervention w set actual_spend_eur = $1, actual_spend_source = $2
								 from public.work_plan_item i
								 where w.item_id = $3 and w.intervention_id = $4 and i.id = w.item_id and i.plan_id = $5
								 returning w.item_id`,
								[s.actual_spend_eur, s.actual_spend_source, s.item_id, s.intervention_id, id]
							)
							.catch(refusal);
						if (updated.length === 0) throw await notInPlan(tx, id, 'spends');
					}
				}
				const rows = await tx
					.query<{ version: number; status: string }>(
						`update public.work_plan set status = $1, version = $2 where id = $3 returning version, status`,
						[change.to, change.version, id]
					)
					.catch(refusal);
				if (rows.length === 0) throw await whyNot(tx, id);
				return { id, version: Number(rows[0].version), status: rows[0].status };
			});
		}
	};
}
