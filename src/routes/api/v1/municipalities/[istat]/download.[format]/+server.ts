import { translate } from '#lib/i18n/index.ts';
import { istatCode } from '#lib/params.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { downloadMeta, downloadResponse, parseFormat } from '#lib/server/download-requests.ts';
import { downloadFilename } from '#lib/server/downloads.ts';
import type { RequestHandler } from './$types';

/** One municipality as a file: its boundary with its facts, as /api/v1/municipalities lists it. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const format = parseFormat(params.format, locals.lang);
	if (format instanceof Response) return format;
	const parsed = istatCode.safeParse(params.istat);
	if (!parsed.success)
		return apiError(
			400,
			'invalid_istat_code',
			translate(locals.lang, 'api.badIstat', { code: params.istat })
		);
	const atlas = await getAtlas();
	const all = await atlas.listMunicipalities();
	const features = all.features.filter((f) => f.properties.istat === parsed.data);
	if (features.length === 0)
		return apiError(
			404,
			'municipality_not_found',
			translate(locals.lang, 'api.unknownIstat', { code: parsed.data })
		);
	return downloadResponse({
		format,
		collection: { type: 'FeatureCollection', features },
		meta: await downloadMeta(atlas, 'municipalities', locals.lang),
		filename: downloadFilename('municipality', format, parsed.data),
		origin: locals.origin,
		lang: locals.lang
	});
};
