import { json } from '@sveltejs/kit';
import { observationId, observationNotFound, observations } from '#lib/server/observations-api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import type { RequestHandler } from './$types';

/** Supports the observation: 201 the first time, 200 with the same count after (idempotent). */
export const POST: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	return answering(event, async () => {
		const result = await (
			await observations()
		).support(identityOf(event), 'observation', event.params.id);
		return json(result, { status: result.created ? 201 : 200 });
	});
});

export const DELETE: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	return answering(event, async () =>
		json(
			await (
				await observations()
			).withdrawSupport(identityOf(event), 'observation', event.params.id)
		)
	);
});
