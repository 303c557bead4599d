import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { GEOJSON } from '#lib/server/ogc.ts';
import { collectionItem } from '#lib/server/ogc-requests.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const feature = await collectionItem(
		await getAtlas(),
		locals.origin,
		params.id,
		params.featureId,
		locals.lang
	);
	if (feature instanceof Response) return feature;
	return json(feature, { headers: { ...OGC_DATA, 'content-type': GEOJSON } });
};
