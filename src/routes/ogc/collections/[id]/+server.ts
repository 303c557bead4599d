import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionDocument, collectionFeatures, extentOf } from '#lib/server/ogc.ts';
import { findCollection } from '#lib/server/ogc-requests.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const atlas = await getAtlas();
	const found = await findCollection(atlas, params.id, locals.lang);
	if (found instanceof Response) return found;
	const features = await collectionFeatures(atlas, found.id);
	return json(collectionDocument(locals.origin, found, extentOf(features?.features ?? [])), {
		headers: PUBLIC_DATA
	});
};
