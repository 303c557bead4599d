import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { proposalFeature, proposalInputSchema, proposalVersionSchema } from '#lib/proposals.ts';
import { apiError } from '#lib/server/api.ts';
import { answering, identityOf, membersOnly, proposals } from '#lib/server/proposals-api.ts';
import { readJson } from '#lib/server/request.ts';
import type { RequestHandler } from './$types';

const proposalId = z.uuid();

export const GET: RequestHandler = async (event) => {
	const proposal = proposalId.safeParse(event.params.id).success
		? await (await proposals()).getProposal(identityOf(event), event.params.id)
		: null;
	if (!proposal)
		return apiError(404, 'proposal_not_found', translate(event.locals.lang, 'problem.notFound'));
	if (event.url.searchParams.get('format') === 'geojson') {
		const { comments: _, transitions: __, ...fields } = proposal;
		return json(
			{ type: 'FeatureCollection', features: [proposalFeature(fields)] },
			{
				headers: {
					'content-type': 'application/geo+json',
					'content-disposition': `attachment; filename="proposta-${proposal.id.slice(0, 8)}.geojson"`,
					'cache-control': 'private, no-store'
				}
			}
		);
	}
	return json(proposal, { headers: { 'cache-control': 'private, no-store' } });
};

export const PATCH: RequestHandler = membersOnly(async (event) => {
	if (!proposalId.safeParse(event.params.id).success)
		return apiError(404, 'proposal_not_found', translate(event.locals.lang, 'problem.notFound'));
	const body = await readJson(
		event,
		proposalInputSchema.extend({ version: proposalVersionSchema })
	);
	if (!body.ok) return body.response;
	const { version, ...input } = body.value;
	return answering(event, async () =>
		json(
			await (await proposals()).updateProposal(identityOf(event), event.params.id, version, input)
		)
	);
});
