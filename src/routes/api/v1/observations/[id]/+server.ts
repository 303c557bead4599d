import { json } from '@sveltejs/kit';
import { observationId, observationNotFound, observations } from '#lib/server/observations-api.ts';
import { identityOf } from '#lib/server/proposals-api.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	const observation = await (
		await observations()
	).getObservation(identityOf(event), event.params.id);
	if (!observation) return observationNotFound(event);
	return json(observation, { headers: { 'cache-control': 'private, no-store' } });
};
