import { json } from '@sveltejs/kit';
import { observationId, observationNotFound, observations } from '#lib/server/observations-api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import type { RequestHandler } from './$types';

/**
 * The cabina di regia turns the observation into a proposal draft (geometry, text and impact
 * carried over, the link kept both ways): 201 with the proposal's id.
 */
export const POST: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	return answering(event, async () =>
		json(await (await observations()).takeIntoProposal(identityOf(event), event.params.id!), {
			status: 201
		})
	);
});
