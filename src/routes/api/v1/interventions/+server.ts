import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { parseInterventionFilter } from '#lib/params.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseInterventionFilter(url.searchParams);
	if (!parsed.ok)
		return apiError(
			400,
			'invalid_parameter',
			translate(locals.lang, `api.badFilter.${parsed.param}`, { value: parsed.value })
		);
	const collection = await (await getAtlas()).listInterventions(parsed.filter);
	return json(collection, {
		headers: { 'content-type': 'application/geo+json', ...PUBLIC_DATA }
	});
};
