import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { answering, identityOf, membersOnly } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import { PERSONAL, plans } from '#lib/server/work-plans-api.ts';
import { quarterIdSchema } from '#lib/work-plan.ts';
import type { RequestHandler } from './$types';

/** The quarters' plans the person may read, newest first. */
export const GET: RequestHandler = async (event) =>
	json(await (await plans()).listPlans(identityOf(event)), { headers: PERSONAL });

/** The comitato operativo starts a quarter's draft: `{ "id": "2026-Q4" }`. */
export const POST: RequestHandler = membersOnly(async (event) => {
	const body = await readJson(event, z.object({ id: quarterIdSchema }));
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(await (await plans()).createPlan(identityOf(event), body.value.id), {
			status: 201,
			headers: PERSONAL
		})
	);
});
