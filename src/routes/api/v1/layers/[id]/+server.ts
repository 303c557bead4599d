import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { bboxParam } from '#lib/params.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async ({ params, url, locals }) => {
	const atlas = await getAtlas();
	const rawBbox = url.searchParams.get('bbox');
	const bbox = rawBbox === null ? undefined : bboxParam.safeParse(rawBbox);
	if (bbox && !bbox.success)
		return apiError(400, 'invalid_bbox', translate(locals.lang, 'api.badBbox'));
	// Layer ids are slugs: anything else names no layer (and never reaches the database).
	const collection = /^[a-z0-9][a-z0-9-]*$/.test(params.id)
		? await atlas.getLayerFeatures(params.id, { bbox: bbox?.data })
		: null;
	if (!collection) {
		const available = (await atlas.listLayers()).map((layer) => layer.id).join(', ');
		return apiError(
			404,
			'layer_not_found',
			translate(locals.lang, 'api.unknownLayer', { id: params.id, available })
		);
	}
	return json(collection, {
		headers: { 'content-type': 'application/geo+json', ...PUBLIC_DATA }
	});
};
