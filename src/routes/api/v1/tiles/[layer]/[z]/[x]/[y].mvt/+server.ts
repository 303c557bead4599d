import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import {
	isTile,
	MAX_TILE_ZOOM,
	MVT_CONTENT_TYPE,
	TILE_LAYERS,
	tileLayer,
	vectorTile
} from '#lib/server/vector-tiles.ts';
import type { RequestHandler } from './$types';

const whole = z
	.string()
	.regex(/^\d{1,6}$/)
	.transform(Number);
const tileParams = z
	.object({ z: whole, x: whole, y: whole })
	.refine(({ z, x, y }) => isTile(z, x, y));

// The public cache (hooks.server.ts) adds the ETag (a hash of the tile's bytes, which are a
// function of layer, z/x/y and data version), answers If-None-Match with 304 and compresses.
// An empty tile is an empty 200, not a 204: the cache keeps 200s only, and MapLibre reads both.
export const GET: RequestHandler = async ({ params, locals }) => {
	const layer = tileLayer(params.layer);
	if (!layer)
		return apiError(
			404,
			'layer_not_found',
			translate(locals.lang, 'api.unknownLayer', {
				id: params.layer,
				available: TILE_LAYERS.map((l) => l.id).join(', ')
			})
		);
	const tile = tileParams.safeParse(params);
	if (!tile.success)
		return apiError(
			400,
			'invalid_tile',
			translate(locals.lang, 'api.badTile', {
				tile: `${params.z}/${params.x}/${params.y}`,
				max: String(MAX_TILE_ZOOM)
			})
		);
	const bytes = await vectorTile(await getDatabase(), layer, tile.data.z, tile.data.x, tile.data.y);
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': MVT_CONTENT_TYPE, ...PUBLIC_DATA }
	});
};
