import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { GEOJSON } from '#lib/server/ogc.ts';
import { collectionItems } from '#lib/server/ogc-requests.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url, locals }) => {
	const items = await collectionItems(
		await getAtlas(),
		locals.origin,
		params.id,
		url.searchParams,
		locals.lang
	);
	if (items instanceof Response) return items;
	return json(items.page, { headers: { ...OGC_DATA, 'content-type': GEOJSON } });
};
