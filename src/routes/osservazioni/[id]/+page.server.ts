import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { AUTHOR_EDIT_MINUTES, plainText } from '#lib/observation.ts';
import { discussionActions, formRefusal } from '#lib/server/discussions-api.ts';
import { observationId, observations } from '#lib/server/observations-api.ts';
import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { identityOf, membersOnlyAction } from '#lib/server/proposals-api.ts';
import type { Actions, PageServerLoad } from './$types';

const idOf = (lang: App.Locals['lang'], id: string) => {
	if (!observationId.safeParse(id).success) error(404, translate(lang, 'problem.notFound'));
	return id;
};

/** Until when the author may still correct it (the database holds the same window); else null. */
function editableUntil(o: { mine: boolean; hidden: boolean; created_at: string }) {
	const until = Date.parse(o.created_at) + AUTHOR_EDIT_MINUTES * 60_000;
	return o.mine && !o.hidden && Date.now() < until ? new Date(until).toISOString() : null;
}

export const load: PageServerLoad = async (event) => {
	const id = idOf(event.locals.lang, event.params.id);
	const queries = await observations();
	const [observation, categories, context] = await Promise.all([
		queries.getObservation(identityOf(event), id),
		queries.listCategories(),
		proposalMapContext()
	]);
	if (!observation) error(404, translate(event.locals.lang, 'problem.notFound'));
	return {
		observation,
		categories,
		context,
		role: event.locals.member?.role ?? null,
		editableUntil: editableUntil(observation)
	};
};

export const actions: Actions = {
	...discussionActions('observation'),
	proposal: membersOnlyAction('proposal', async (event) => {
		const id = idOf(event.locals.lang, event.params.id);
		let proposalId: string;
		try {
			({ proposal_id: proposalId } = await (
				await observations()
			).takeIntoProposal(identityOf(event), id));
		} catch (problem) {
			return formRefusal(event.locals.lang, problem, 'proposal');
		}
		redirect(303, `/proposte/${proposalId}`);
	}),
	answer: membersOnlyAction('answer', async (event) => {
		const id = idOf(event.locals.lang, event.params.id);
		try {
			const { answer } = z
				.object({ answer: plainText(5000) })
				.parse(Object.fromEntries(await event.request.formData()));
			await (await observations()).answer(identityOf(event), id, answer);
		} catch (problem) {
			return formRefusal(event.locals.lang, problem, 'answer', 'answer');
		}
		return { form: 'answer', ok: true };
	})
};
