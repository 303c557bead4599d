import { parseAmount } from '../amount.ts';
import type { WorkPlan } from '../types.ts';

interface DraftItem {
	phase: string;
	ambito: number;
	/** Expected spend as typed (1.250.000,50); blank is unknown. */
	interventions: { id: string; expected: string }[];
	milestones: { title: string; due_on: string; owner_body: string }[];
}

/** The comitato operativo's draft as it is being edited; `content()` is what the server takes. */
export class WorkPlanDraft {
	summary = $state('');
	items = $state<DraftItem[]>([]);

	constructor(plan: WorkPlan, formatAmount: (value: number) => string) {
		this.summary = plan.summary_it ?? '';
		this.items = plan.items.map((item) => ({
			phase: item.phase,
			ambito: item.ambito,
			interventions: item.interventions.map((i) => ({
				id: i.id,
				expected: i.expected_spend_eur === null ? '' : formatAmount(i.expected_spend_eur)
			})),
			milestones: item.milestones.map((m) => ({
				title: m.title,
				due_on: m.due_on,
				owner_body: m.owner_body
			}))
		}));
	}

	addItem() {
		this.items.push({ phase: '', ambito: 1, interventions: [], milestones: [] });
	}

	removeItem(index: number) {
		this.items.splice(index, 1);
	}

	addIntervention(item: DraftItem, id: string) {
		if (id && !item.interventions.some((i) => i.id === id))
			item.interventions.push({ id, expected: '' });
	}

	addMilestone(item: DraftItem, dueOn: string) {
		item.milestones.push({ title: '', due_on: dueOn, owner_body: '' });
	}

	/**
	 * The draft as the API's content: amounts typed the Italian way become numbers; one that is
	 * not an amount is sent as typed, so the server refuses it in the person's words.
	 */
	content(version: number) {
		return {
			version,
			summary_it: this.summary.trim() || null,
			items: this.items.map((item) => ({
				phase: item.phase,
				ambito: item.ambito,
				interventions: item.interventions.map((i) => {
					const typed = i.expected.trim();
					const amount = parseAmount(typed);
					return {
						id: i.id,
						expected_spend_eur: typed === '' ? null : Number.isNaN(amount) ? typed : amount
					};
				}),
				milestones: item.milestones
			}))
		};
	}
}
