import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { answering, identityOf, membersOnly, proposals } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import { hasNoNul } from '#lib/text.ts';
import type { RequestHandler } from './$types';

const comment = z.object({
	body: z
		.string({ error: 'problem.missing' })
		.trim()
		.min(1, 'problem.empty')
		.max(4000, 'problem.tooLong')
		.refine(hasNoNul, 'problem.nul')
});

export const POST: RequestHandler = membersOnly(async (event) => {
	if (!z.uuid().safeParse(event.params.id).success)
		return apiError(404, 'proposal_not_found', translate(event.locals.lang, 'problem.notFound'));
	const body = await readJson(event, comment);
	if (!body.ok) return body.response;
	return answering(event, async () => {
		await (await proposals()).addComment(identityOf(event), event.params.id, body.value.body);
		return json({ ok: true }, { status: 201 });
	});
});
