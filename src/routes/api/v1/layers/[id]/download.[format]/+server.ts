import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { downloadMeta, downloadResponse, parseFormat } from '#lib/server/download-requests.ts';
import { downloadFilename } from '#lib/server/downloads.ts';
import type { RequestHandler } from './$types';

/** A layer as a file: the features of /api/v1/layers/{id}, as anyone sees them. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const format = parseFormat(params.format, locals.lang);
	if (format instanceof Response) return format;
	const atlas = await getAtlas();
	// Layer ids are slugs: anything else names no layer (and never reaches the database).
	const collection = /^[a-z0-9][a-z0-9-]*$/.test(params.id)
		? await atlas.getLayerFeatures(params.id)
		: null;
	if (!collection) {
		const available = (await atlas.listLayers()).map((layer) => layer.id).join(', ');
		return apiError(
			404,
			'layer_not_found',
			translate(locals.lang, 'api.unknownLayer', { id: params.id, available })
		);
	}
	return downloadResponse({
		format,
		collection: collection,
		meta: await downloadMeta(atlas, params.id, locals.lang),
		filename: downloadFilename(params.id, format),
		origin: locals.origin,
		lang: locals.lang
	});
};
