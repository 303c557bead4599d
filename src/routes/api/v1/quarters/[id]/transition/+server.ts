import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import { PERSONAL, plans } from '#lib/server/work-plans-api.ts';
import { quarterIdSchema, workPlanTransitionSchema } from '#lib/work-plan.ts';
import type { RequestHandler } from './$types';

/** The cabina di regia adopts a draft (`to: adopted`) or closes the quarter with its outcomes. */
export const POST: RequestHandler = membersOnly(async (event) => {
	const { id } = event.params;
	if (!quarterIdSchema.safeParse(id).success)
		return apiError(
			404,
			'quarter_not_found',
			translate(event.locals.lang, 'problem.quarterNotFound', { id })
		);
	const body = await readJson(event, workPlanTransitionSchema);
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(await (await plans()).transition(identityOf(event), id, body.value), {
			headers: PERSONAL
		})
	);
});
