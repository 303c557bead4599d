import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { collectionsDocument } from '#lib/server/ogc-requests.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) =>
	json(await collectionsDocument(await getAtlas(), locals.origin, locals.lang), {
		headers: OGC_DATA
	});
