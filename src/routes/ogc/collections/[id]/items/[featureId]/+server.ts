import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionFeatures, GEOJSON } from '#lib/server/ogc.ts';
import { findCollection } from '#lib/server/ogc-requests.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const atlas = await getAtlas();
	const found = await findCollection(atlas, params.id, locals.lang);
	if (found instanceof Response) return found;
	const all = (await collectionFeatures(atlas, found.id))!;
	const feature = all.features.find((f) => String(f.id) === params.featureId);
	if (!feature)
		return apiError(
			404,
			'feature_not_found',
			translate(locals.lang, 'ogc.unknownFeature', { id: params.featureId, collection: found.id })
		);
	const base = `${locals.origin}/ogc/collections/${found.id}`;
	return json(
		{
			...feature,
			links: [
				{
					href: `${base}/items/${encodeURIComponent(params.featureId)}`,
					rel: 'self',
					type: GEOJSON
				},
				{ href: base, rel: 'collection', type: 'application/json' }
			]
		},
		{ headers: { ...PUBLIC_DATA, 'content-type': GEOJSON } }
	);
};
