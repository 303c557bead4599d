import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import { PERSONAL, plans } from '#lib/server/work-plans-api.ts';
import { quarterIdSchema, workPlanContentSchema } from '#lib/work-plan.ts';
import type { RequestHandler } from './$types';

const notFound = (lang: Parameters<typeof translate>[0], id: string) =>
	apiError(404, 'quarter_not_found', translate(lang, 'problem.quarterNotFound', { id }));

/** A quarter's plan: items, milestones, interventions with expected and actual spend, history. */
export const GET: RequestHandler = async (event) => {
	const { id } = event.params;
	const plan = quarterIdSchema.safeParse(id).success
		? await (await plans()).getPlan(identityOf(event), id)
		: null;
	if (!plan) return notFound(event.locals.lang, id);
	return json(plan, { headers: PERSONAL });
};

/** The comitato operativo saves a draft's content, from the version it read. */
export const PUT: RequestHandler = membersOnly(async (event) => {
	const { id } = event.params;
	if (!quarterIdSchema.safeParse(id).success) return notFound(event.locals.lang, id);
	const body = await readJson(event, workPlanContentSchema);
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(await (await plans()).saveDraft(identityOf(event), id, body.value), { headers: PERSONAL })
	);
});
