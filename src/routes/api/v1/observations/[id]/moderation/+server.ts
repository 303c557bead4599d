import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { moderationInputSchema } from '#lib/observation.ts';
import { discussions } from '#lib/server/discussions-api.ts';
import { observationId, observationNotFound } from '#lib/server/observations-api.ts';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

/** Hides or restores the observation, or one of its comments (`comment_id`): moderators only. */
const decisionSchema = z.intersection(
	moderationInputSchema,
	z.object({ comment_id: z.number().int().positive('problem.invalid').nullable().default(null) })
);

export const POST: RequestHandler = membersOnly(async (event) => {
	if (!observationId.safeParse(event.params.id).success) return observationNotFound(event);
	const body = await readJson(event, decisionSchema);
	if (!body.ok) return body.response;
	const { comment_id, ...decision } = body.value;
	return answering(event, async () => {
		await (
			await discussions()
		).moderate(
			identityOf(event),
			comment_id === null ? 'observation' : 'comment',
			comment_id === null ? event.params.id : String(comment_id),
			decision
		);
		return json({ ok: true });
	});
});
