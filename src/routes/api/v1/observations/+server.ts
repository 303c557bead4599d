import { json } from '@sveltejs/kit';
import { observationInputSchema } from '#lib/observation.ts';
import { limitWrites } from '#lib/server/discussions-api.ts';
import { observationFilter, observations } from '#lib/server/observations-api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

/** The observations the person may see, as GeoJSON (moderators also see hidden ones). */
export const GET: RequestHandler = async (event) => {
	const filter = observationFilter(event);
	if (!filter.ok) return filter.response;
	return json(await (await observations()).listObservations(identityOf(event), filter.value), {
		headers: { 'content-type': 'application/geo+json', 'cache-control': 'private, no-store' }
	});
};

export const POST: RequestHandler = membersOnly(async (event) => {
	const body = await readJson(event, observationInputSchema);
	if (!body.ok) return body.response;
	return answering(event, async () => {
		await limitWrites(event, 'observation');
		return json(await (await observations()).createObservation(identityOf(event), body.value), {
			status: 201
		});
	});
});
