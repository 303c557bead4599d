import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { plainText } from '#lib/observation.ts';
import { observationId, observationNotFound, observations } from '#lib/server/observations-api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

/** The cabina di regia's answer: the observation becomes "answered" and its author hears of it. */
export const POST: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	const body = await readJson(event, z.object({ answer: plainText(5000) }));
	if (!body.ok) return body.response;
	return answering(event, async () => {
		await (await observations()).answer(identityOf(event), event.params.id!, body.value.answer);
		return json({ ok: true });
	});
});
