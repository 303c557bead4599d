import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { discussionActions, formRefusal } from '#lib/server/discussions-api.ts';
import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { identityOf, membersOnlyAction, proposals } from '#lib/server/proposals-api.ts';
import type { Actions, PageServerLoad } from './$types';

const idOf = (id: string) => (z.uuid().safeParse(id).success ? id : null);

export const load: PageServerLoad = async (event) => {
	const id = idOf(event.params.id);
	const proposal = id ? await (await proposals()).getProposal(identityOf(event), id) : null;
	if (!proposal) error(404, translate(event.locals.lang, 'problem.notFound'));
	return {
		proposal,
		member: event.locals.member,
		role: event.locals.member?.role ?? null,
		context: await proposalMapContext()
	};
};

const transition = z.object({
	to: z.enum(['submitted', 'under_review', 'adopted', 'rejected'], { error: 'problem.invalid' }),
	version: z.coerce.number().int().min(1),
	reason: z
		.string()
		.trim()
		.max(2000, 'problem.tooLong')
		.transform((r) => r || null)
		.nullable()
		.default(null)
});

export const actions: Actions = {
	...discussionActions('proposal'),
	transition: membersOnlyAction('transition', async (event) => {
		const id = idOf(event.params.id);
		if (!id) error(404, translate(event.locals.lang, 'problem.notFound'));
		const data = Object.fromEntries(await event.request.formData());
		try {
			const change = transition.parse(data);
			await (await proposals()).transitionProposal(identityOf(event), id, change);
		} catch (problem) {
			return formRefusal(event.locals.lang, problem, 'transition');
		}
		return { form: 'transition', ok: true };
	})
};
