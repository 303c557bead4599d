import { fail, redirect } from '@sveltejs/kit';
import { identityOf, membersOnlyAction } from '#lib/server/proposals-api.ts';
import { RefusalError } from '#lib/server/refusal.ts';
import { invalidFieldMessage, readForm, refusalMessage } from '#lib/server/request.ts';
import { plans } from '#lib/server/work-plans-api.ts';
import { quarterIdSchema } from '#lib/work-plan.ts';
import type { Actions, PageServerLoad } from './$types';

/** This quarter and the next three: the ones a comitato would start a plan for. */
function upcomingQuarters(today = new Date()): string[] {
	const year = today.getUTCFullYear();
	const quarter = Math.floor(today.getUTCMonth() / 3);
	return Array.from({ length: 4 }, (_, i) => {
		const q = quarter + i;
		return `${year + Math.floor(q / 4)}-Q${(q % 4) + 1}`;
	});
}

export const load: PageServerLoad = async (event) => {
	const list = await (await plans()).listPlans(identityOf(event));
	const role = event.locals.member?.role;
	return {
		plans: list,
		canDraft: role === 'operativo' || role === 'admin',
		quarters: upcomingQuarters().filter((q) => !list.some((p) => p.id === q))
	};
};

export const actions: Actions = {
	create: membersOnlyAction('create', async (event) => {
		const lang = event.locals.lang;
		const values = await readForm(event.request);
		const id = quarterIdSchema.safeParse(values.id);
		if (!id.success)
			return fail(400, { form: 'create', message: invalidFieldMessage(lang, id.error, 'id') });
		try {
			await (await plans()).createPlan(identityOf(event), id.data);
		} catch (problem) {
			if (!(problem instanceof RefusalError)) throw problem;
			return fail(problem.status, { form: 'create', message: refusalMessage(lang, problem) });
		}
		redirect(303, `/piano-di-lavoro/${id.data}`);
	})
};
