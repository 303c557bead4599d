import { translate } from '#lib/i18n/index.ts';
import { parseInterventionFilter } from '#lib/params.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { downloadMeta, downloadResponse, parseFormat } from '#lib/server/download-requests.ts';
import { downloadFilename } from '#lib/server/downloads.ts';
import type { RequestHandler } from './$types';

/** The interventions as a file: those /api/v1/interventions lists with the same filters. */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const format = parseFormat(params.format, locals.lang);
	if (format instanceof Response) return format;
	const parsed = parseInterventionFilter(url.searchParams);
	if (!parsed.ok)
		return apiError(
			400,
			'invalid_parameter',
			translate(locals.lang, `api.badFilter.${parsed.param}`, { value: parsed.value })
		);
	const atlas = await getAtlas();
	return downloadResponse({
		format,
		collection: await atlas.listInterventions(parsed.filter),
		meta: await downloadMeta(atlas, 'interventions', locals.lang),
		filename: downloadFilename('interventions', format, parsed.filter.municipality),
		origin: locals.origin,
		lang: locals.lang
	});
};
