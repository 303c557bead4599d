import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionDocument, collectionInfos } from '#lib/server/ogc.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const infos = collectionInfos(await (await getAtlas()).listLayers(), locals.lang);
	const base = locals.origin;
	return json(
		{
			links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' }],
			collections: infos.map((info) => collectionDocument(base, info, null))
		},
		{ headers: PUBLIC_DATA }
	);
};
