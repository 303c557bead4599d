import { json } from '@sveltejs/kit';
import { proposalInputSchema } from '#lib/proposals.ts';
import { answering, identityOf, membersOnly, proposals } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) =>
	json(await (await proposals()).listProposals(identityOf(event)), {
		headers: { 'cache-control': 'private, no-store' }
	});

export const POST: RequestHandler = membersOnly(async (event) => {
	const body = await readJson(event, proposalInputSchema);
	if (!body.ok) return body.response;
	return answering(event, async () =>
		json(await (await proposals()).createProposal(identityOf(event), body.value), { status: 201 })
	);
});
