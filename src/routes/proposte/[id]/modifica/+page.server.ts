import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { identityOf, proposals, requireMember } from '#lib/server/proposals-api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const member = requireMember(event);
	const notFound = () => error(404, translate(event.locals.lang, 'problem.notFound'));
	if (!z.uuid().safeParse(event.params.id).success) notFound();
	const proposal = await (await proposals()).getProposal(identityOf(event), event.params.id);
	if (!proposal) notFound();
	// Only the proponent edits, and only a draft: anyone else reads the proposal's page.
	if (proposal!.proponent_id !== member.user_id || proposal!.status !== 'draft')
		redirect(303, `/proposte/${event.params.id}`);
	return { proposal: proposal!, context: await proposalMapContext() };
};
