import { z } from 'zod';
import { parseView, STATIC_MAP_DEFAULT, STATIC_MAP_LIMITS } from '#lib/embed.ts';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import { renderStaticMap } from '#lib/server/static-map.ts';
import type { RequestHandler } from './$types';

const { minWidth, maxWidth, minHeight, maxHeight } = STATIC_MAP_LIMITS;
const size = (min: number, max: number, fallback: number) =>
	z
		.string()
		.regex(/^\d{1,5}$/)
		.transform(Number)
		.pipe(z.number().int().min(min).max(max))
		.optional()
		.transform((value) => value ?? fallback);
const sizeParams = z.object({
	width: size(minWidth, maxWidth, STATIC_MAP_DEFAULT.width),
	height: size(minHeight, maxHeight, STATIC_MAP_DEFAULT.height)
});

/**
 * A view of the atlas as a PNG (social previews, print): `comune`, `layers` and `lang` as on
 * `/embed`, `width` and `height` in pixels. Public data: kept by the response cache per data version.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const atlas = await getAtlas();
	const [facts, layers] = await Promise.all([atlas.listMunicipalityFacts(), atlas.listLayers()]);
	const parsed = parseView(url.searchParams, {
		municipalities: facts.map((m) => m.istat),
		layers: layers.map((l) => l.id)
	});
	if (!parsed.ok) return apiError(400, 'invalid_view', parsed.message(locals.lang));
	const sized = sizeParams.safeParse({
		width: url.searchParams.get('width') ?? undefined,
		height: url.searchParams.get('height') ?? undefined
	});
	if (!sized.success)
		return apiError(
			400,
			'invalid_size',
			translate(locals.lang, 'embed.error.badSize', { minWidth, maxWidth, minHeight, maxHeight })
		);
	const lang = parsed.lang ?? locals.lang;
	const png = await renderStaticMap(atlas, parsed.view, { ...sized.data, lang });
	return new Response(png as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': 'image/png', ...PUBLIC_DATA }
	});
};
