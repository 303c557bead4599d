import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { ZodType } from 'zod';
import { todayInItaly } from '#lib/dates.ts';
import { parseAmount } from '#lib/amount.ts';
import { translate } from '#lib/i18n/index.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { identityOf, membersOnlyAction } from '#lib/server/proposals-api.ts';
import { RefusalError } from '#lib/server/refusal.ts';
import { invalidFieldMessage, readForm, refusalMessage } from '#lib/server/request.ts';
import { plans } from '#lib/server/work-plans-api.ts';
import {
	quarterBounds,
	quarterIdSchema,
	workPlanContentSchema,
	workPlanTransitionSchema
} from '#lib/work-plan.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { id } = event.params;
	const plan = quarterIdSchema.safeParse(id).success
		? await (await plans()).getPlan(identityOf(event), id)
		: null;
	if (!plan)
		error(404, { message: translate(event.locals.lang, 'problem.quarterNotFound', { id }) });
	const atlas = await getAtlas();
	const [interventions, ambiti] = await Promise.all([
		atlas.listInterventions(),
		atlas.listAmbiti()
	]);
	const role = event.locals.member?.role;
	return {
		plan: plan!,
		bounds: quarterBounds(id),
		today: todayInItaly(),
		ambiti,
		interventions: interventions.features.map((f) => ({
			id: f.properties.id,
			code: f.properties.code,
			title: f.properties.title_it ?? `CUP ${f.properties.cup ?? f.properties.code}`
		})),
		canDraft: plan!.status === 'draft' && (role === 'operativo' || role === 'admin'),
		canAdopt: plan!.status === 'draft' && (role === 'reviewer' || role === 'admin'),
		canClose: plan!.status === 'adopted' && (role === 'reviewer' || role === 'admin')
	};
};

/** Runs one step on the plan; its refusal or a bad field is said back on the page. */
async function step<T>(
	event: RequestEvent,
	form: string,
	schema: ZodType<T>,
	read: (values: Record<string, string>) => unknown,
	run: (value: T) => Promise<unknown>
) {
	const lang = event.locals.lang;
	const values = await readForm(event.request);
	let input: unknown;
	try {
		input = read(values);
	} catch {
		return fail(400, { form, message: translate(lang, 'problem.badJson') });
	}
	const parsed = schema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = String(issue.path.at(-1) ?? 'body');
		return fail(400, {
			form,
			message: invalidFieldMessage(lang, parsed.error, translate(lang, fieldKey(field)))
		});
	}
	try {
		await run(parsed.data);
	} catch (problem) {
		if (!(problem instanceof RefusalError)) throw problem;
		const params = problem.params.field
			? { ...problem.params, field: translate(lang, fieldKey(problem.params.field)) }
			: problem.params;
		return fail(problem.status, { form, message: refusalMessage(lang, { ...problem, params }) });
	}
	redirect(303, `/piano-di-lavoro/${event.params.id}?fatto=${form}`);
}

const FIELDS = [
	'phase',
	'ambito',
	'expected_spend_eur',
	'title',
	'due_on',
	'owner_body',
	'outcome',
	'outcome_on',
	'outcome_note',
	'actual_spend_eur',
	'actual_spend_source'
] as const;
const fieldKey = (field: string) =>
	(FIELDS as readonly string[]).includes(field)
		? (`workPlan.field.${field}` as `workPlan.field.${(typeof FIELDS)[number]}`)
		: 'workPlan.field.body';

const blankToNull = (value: string | undefined) =>
	value === undefined || value.trim() === '' ? null : value.trim();

export const actions: Actions = {
	save: membersOnlyAction('save', (event) =>
		step(
			event,
			'save',
			workPlanContentSchema,
			(values) => JSON.parse(values.content ?? ''),
			async (content) => (await plans()).saveDraft(identityOf(event), event.params.id!, content)
		)
	),
	adopt: membersOnlyAction('adopt', (event) =>
		step(
			event,
			'adopt',
			workPlanTransitionSchema,
			(values) => ({ to: 'adopted', version: Number(values.version) }),
			async (change) => (await plans()).transition(identityOf(event), event.params.id!, change)
		)
	),
	close: membersOnlyAction('close', (event) =>
		step(
			event,
			'close',
			workPlanTransitionSchema,
			(values) => closingOf(values),
			async (change) => (await plans()).transition(identityOf(event), event.params.id!, change)
		)
	)
};

/**
 * The closing form's fields as the API's step: `outcome:<milestone>`, `outcome_on:<milestone>`,
 * `note:<milestone>`, and `spend:<item>:<intervention>` with `source:<item>:<intervention>` for
 * the actual spend (a line left blank records nothing).
 */
function closingOf(values: Record<string, string>) {
	const milestones = Object.keys(values)
		.filter((key) => key.startsWith('outcome:'))
		.map((key) => {
			const id = key.slice('outcome:'.length);
			return {
				id,
				outcome: values[key],
				outcome_on: blankToNull(values[`outcome_on:${id}`]),
				outcome_note: blankToNull(values[`note:${id}`])
			};
		});
	const spends = Object.keys(values)
		.filter((key) => key.startsWith('spend:') && blankToNull(values[key]) !== null)
		.map((key) => {
			const [, itemId, interventionId] = key.split(':');
			const typed = values[key].trim();
			const amount = parseAmount(typed);
			return {
				item_id: itemId,
				intervention_id: interventionId,
				actual_spend_eur: Number.isNaN(amount) ? typed : amount,
				actual_spend_source: blankToNull(values[`source:${itemId}:${interventionId}`])
			};
		});
	return { to: 'closed', version: Number(values.version), milestones, spends };
}
