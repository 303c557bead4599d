import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionFeatures, GEOJSON, itemsPage } from '#lib/server/ogc.ts';
import { findCollection, parseItemsQuery } from '#lib/server/ogc-requests.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url, locals }) => {
	const atlas = await getAtlas();
	const found = await findCollection(atlas, params.id, locals.lang);
	if (found instanceof Response) return found;
	const query = parseItemsQuery(found.id, url.searchParams, locals.lang);
	if (query instanceof Response) return query;
	const bbox = query.bbox as [number, number, number, number] | undefined;
	const all = (await collectionFeatures(atlas, found.id, bbox))!;
	return json(itemsPage(locals.origin, found.id, all, query, url.searchParams), {
		headers: { ...PUBLIC_DATA, 'content-type': GEOJSON }
	});
};
