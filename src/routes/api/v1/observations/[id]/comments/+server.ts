import { json } from '@sveltejs/kit';
import { commentInputSchema } from '#lib/observation.ts';
import { observationId, observationNotFound, observations } from '#lib/server/observations-api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	const body = await readJson(event, commentInputSchema);
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(
			await (
				await observations()
			).addComment(identityOf(event), 'observation', event.params.id, body.value),
			{ status: 201 }
		)
	);
});
