import { error, redirect } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { AUTHOR_EDIT_MINUTES } from '#lib/observation.ts';
import { observationId, observations } from '#lib/server/observations-api.ts';
import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { identityOf, requireMember } from '#lib/server/proposals-api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireMember(event);
	const notFound = () => error(404, translate(event.locals.lang, 'problem.notFound'));
	if (!observationId.safeParse(event.params.id).success) notFound();
	const queries = await observations();
	const [observation, categories, context] = await Promise.all([
		queries.getObservation(identityOf(event), event.params.id),
		queries.listCategories(),
		proposalMapContext()
	]);
	if (!observation) notFound();
	// Only its author, within 30 minutes: anyone else (or later) reads its page.
	const until = Date.parse(observation!.created_at) + AUTHOR_EDIT_MINUTES * 60_000;
	if (!observation!.mine || observation!.hidden || Date.now() >= until)
		redirect(303, `/osservazioni/${event.params.id}`);
	const { id, title, body, category, version, geometry } = observation!;
	return { observation: { id, title, body, category, version, geometry }, categories, context };
};
