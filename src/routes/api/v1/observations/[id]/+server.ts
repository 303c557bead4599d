import { json } from '@sveltejs/kit';
import { observationId, observationNotFound, observations } from '#lib/server/observations-api.ts';
import { observationEditSchema } from '#lib/observation.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	const observation = await (
		await observations()
	).getObservation(identityOf(event), event.params.id);
	if (!observation) return observationNotFound(event);
	return json(observation, { headers: { 'cache-control': 'private, no-store' } });
};

/** The author's correction within 30 minutes of posting (`version` as read): 200 with the new version. */
export const PATCH: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	const body = await readJson(event, observationEditSchema);
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(
			await (await observations()).editObservation(identityOf(event), event.params.id!, body.value)
		)
	);
});
