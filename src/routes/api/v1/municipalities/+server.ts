import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const atlas = await getAtlas();
	return json(await atlas.listMunicipalities(), {
		headers: { 'content-type': 'application/geo+json', 'cache-control': 'public, max-age=300' }
	});
};
