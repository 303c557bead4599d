import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { proposalVersionSchema } from '#lib/proposals.ts';
import { apiError } from '#lib/server/api.ts';
import { answering, identityOf, membersOnly, proposals } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import { hasNoNul } from '#lib/text.ts';
import type { RequestHandler } from './$types';

const transition = z.object({
	to: z.enum(['submitted', 'under_review', 'adopted', 'rejected'], { error: 'problem.invalid' }),
	version: proposalVersionSchema,
	reason: z
		.string()
		.trim()
		.max(2000, 'problem.tooLong')
		.refine(hasNoNul, 'problem.nul')
		.nullable()
		.default(null)
});

export const POST: RequestHandler = membersOnly(async (event) => {
	if (!z.uuid().safeParse(event.params.id).success)
		return apiError(404, 'proposal_not_found', translate(event.locals.lang, 'problem.notFound'));
	const body = await readJson(event, transition);
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(
			await (await proposals()).transitionProposal(identityOf(event), event.params.id, body.value)
		)
	);
});
