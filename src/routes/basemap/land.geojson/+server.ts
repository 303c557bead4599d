import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

/** Land and province outline for the offline basemap. */
export const GET: RequestHandler = async () => {
	const atlas = await getAtlas();
	return json(await atlas.getBasemapLand(), {
		headers: { 'content-type': 'application/geo+json', ...PUBLIC_DATA }
	});
};
