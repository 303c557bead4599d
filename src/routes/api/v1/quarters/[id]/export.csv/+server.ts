import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { identityOf } from '#lib/server/proposals-api.ts';
import { workPlanCsv } from '#lib/server/work-plan-csv.ts';
import { PERSONAL, plans } from '#lib/server/work-plans-api.ts';
import { quarterIdSchema } from '#lib/work-plan.ts';
import type { RequestHandler } from './$types';

/** A quarter's plan as CSV: its intervention lines and milestones, with outcomes and spend. */
export const GET: RequestHandler = async (event) => {
	const { id } = event.params;
	const plan = quarterIdSchema.safeParse(id).success
		? await (await plans()).getPlan(identityOf(event), id)
		: null;
	if (!plan)
		return apiError(
			404,
			'quarter_not_found',
			translate(event.locals.lang, 'problem.quarterNotFound', { id })
		);
	return new Response(workPlanCsv(plan), {
		headers: {
			...PERSONAL,
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="piano-di-lavoro-${id}.csv"`
		}
	});
};
