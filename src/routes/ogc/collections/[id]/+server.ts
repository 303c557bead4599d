import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionMetadata } from '#lib/server/ogc-requests.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const document = await collectionMetadata(
		await getAtlas(),
		locals.origin,
		params.id,
		locals.lang
	);
	return document instanceof Response ? document : json(document, { headers: OGC_DATA });
};
