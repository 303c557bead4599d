import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const atlas = await getAtlas();
	return json(
		{ layers: await atlas.listLayers() },
		{ headers: { 'cache-control': 'public, max-age=300' } }
	);
};
