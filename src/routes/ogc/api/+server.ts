import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionInfos, OPENAPI, openApiDocument } from '#lib/server/ogc.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const layers = await (await getAtlas()).listLayers();
	return json(openApiDocument(locals.origin, collectionInfos(layers, locals.lang)), {
		headers: { ...OGC_DATA, 'content-type': OPENAPI }
	});
};
