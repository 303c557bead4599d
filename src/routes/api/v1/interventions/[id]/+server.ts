import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async ({ params, locals }) => {
	const intervention = /^[a-z0-9][a-z0-9-]*$/.test(params.id)
		? await (await getAtlas()).getIntervention(params.id)
		: null;
	if (!intervention)
		return apiError(
			404,
			'intervention_not_found',
			translate(locals.lang, 'api.unknownIntervention', { id: params.id })
		);
	return json(intervention, { headers: PUBLIC_DATA });
};
