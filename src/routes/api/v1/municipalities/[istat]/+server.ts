import { json } from '@sveltejs/kit';
import { istatCode } from '#lib/params.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { translate } from '#lib/i18n/index.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async ({ params, locals }) => {
	const parsed = istatCode.safeParse(params.istat);
	if (!parsed.success) {
		return apiError(
			400,
			'invalid_istat_code',
			translate(locals.lang, 'api.badIstat', { code: params.istat })
		);
	}
	const atlas = await getAtlas();
	const municipality = await atlas.getMunicipality(parsed.data);
	if (!municipality) {
		return apiError(
			404,
			'municipality_not_found',
			translate(locals.lang, 'api.unknownIstat', { code: parsed.data })
		);
	}
	const [sources, report, national] = await Promise.all([
		atlas.listSources(),
		atlas.getMunicipalityReport(parsed.data),
		atlas.getNationalComparison(parsed.data)
	]);
	return json(
		{
			...municipality,
			...report,
			national,
			sources: sources.map(({ id, attribution, upstream, licence }) => ({
				id,
				attribution,
				upstream,
				licence
			}))
		},
		{ headers: PUBLIC_DATA }
	);
};
