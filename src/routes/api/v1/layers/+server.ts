import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async () => {
	const atlas = await getAtlas();
	return json({ layers: await atlas.listLayers() }, { headers: PUBLIC_DATA });
};
