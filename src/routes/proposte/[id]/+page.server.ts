import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { RefusalError } from '#lib/server/refusal.ts';
import { identityOf, membersOnlyAction, proposals } from '#lib/server/proposals-api.ts';
import { invalidFieldMessage, refusalMessage } from '#lib/server/request.ts';
import type { Actions, PageServerLoad } from './$types';

const idOf = (id: string) => (z.uuid().safeParse(id).success ? id : null);

export const load: PageServerLoad = async (event) => {
	const id = idOf(event.params.id);
	const proposal = id ? await (await proposals()).getProposal(identityOf(event), id) : null;
	if (!proposal) error(404, translate(event.locals.lang, 'problem.notFound'));
	return { proposal, member: event.locals.member, context: await proposalMapContext() };
};

const comment = z.object({
	body: z.string().trim().min(1, 'problem.empty').max(4000, 'problem.tooLong')
});
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

/** A refusal as the form shows it: the message in the person's language. */
function refused(lang: App.Locals['lang'], error: unknown, form: string, field?: string) {
	if (error instanceof z.ZodError)
		return fail(400, { form, message: invalidFieldMessage(lang, error, field) });
	if (error instanceof RefusalError)
		return fail(error.status, { form, message: refusalMessage(lang, error) });
	throw error;
}

export const actions: Actions = {
	comment: membersOnlyAction('comment', async (event) => {
		const id = idOf(event.params.id);
		if (!id) error(404, translate(event.locals.lang, 'problem.notFound'));
		const data = Object.fromEntries(await event.request.formData());
		try {
			const { body } = comment.parse(data);
			await (await proposals()).addComment(identityOf(event), id, body);
		} catch (problem) {
			return refused(event.locals.lang, problem, 'comment', 'body');
		}
		return { form: 'comment', ok: true };
	}),
	transition: membersOnlyAction('transition', async (event) => {
		const id = idOf(event.params.id);
		if (!id) error(404, translate(event.locals.lang, 'problem.notFound'));
		const data = Object.fromEntries(await event.request.formData());
		try {
			const change = transition.parse(data);
			await (await proposals()).transitionProposal(identityOf(event), id, change);
		} catch (problem) {
			return refused(event.locals.lang, problem, 'transition');
		}
		return { form: 'transition', ok: true };
	})
};
