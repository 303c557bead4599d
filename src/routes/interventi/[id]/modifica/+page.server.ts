import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { interventionEditSchema } from '#lib/intervention-edit.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { interventionEdits } from '#lib/server/intervention-edits.ts';
import { RefusalError } from '#lib/server/refusal.ts';
import { identityOf, membersOnlyAction, requireMember } from '#lib/server/proposals-api.ts';
import { fieldLabel, invalidFieldMessage, readForm, refusalMessage } from '#lib/server/request.ts';
import { INTERVENTION_STATUSES } from '#lib/types.ts';
import type { Actions, PageServerLoad } from './$types';

const interventionId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
const edits = async () => interventionEdits(await getDatabase());

export const load: PageServerLoad = async (event) => {
	const member = requireMember(event);
	const lang = event.locals.lang;
	if (member.role !== 'reviewer' && member.role !== 'admin')
		error(403, translate(lang, 'problem.notAllowed'));
	const intervention = interventionId.safeParse(event.params.id).success
		? await (await edits()).getEditable(event.params.id)
		: null;
	if (!intervention) error(404, translate(lang, 'problem.interventionNotFound'));
	return { intervention: intervention!, statuses: INTERVENTION_STATUSES };
};

export const actions: Actions = {
	default: membersOnlyAction('edit', async (event) => {
		const lang = event.locals.lang;
		const id = event.params.id;
		if (!interventionId.safeParse(id).success)
			error(404, translate(lang, 'problem.interventionNotFound'));
		const values = await readForm(event.request);
		const parsed = interventionEditSchema.safeParse(values);
		if (!parsed.success) {
			const field = String(parsed.error.issues[0].path[0] ?? 'body');
			return fail(400, {
				values,
				message: invalidFieldMessage(lang, parsed.error, fieldLabel(lang, 'plan.field', field))
			});
		}
		try {
			await (await edits()).editIntervention(identityOf(event), id, parsed.data);
		} catch (problem) {
			if (!(problem instanceof RefusalError)) throw problem;
			const params = problem.params.field
				? { ...problem.params, field: fieldLabel(lang, 'plan.field', problem.params.field) }
				: problem.params;
			return fail(problem.status, {
				values,
				message: refusalMessage(lang, { ...problem, params })
			});
		}
		redirect(303, `/interventi/${id}?salvato=1`);
	})
};
