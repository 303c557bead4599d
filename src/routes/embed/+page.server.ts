import { error } from '@sveltejs/kit';
import { parseView } from '#lib/embed.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { mapPageData } from '#lib/server/map-page.ts';
import type { PageServerLoad } from './$types';

/**
 * The embeddable map: `comune`, `layers` and `lang` only, each checked (a site pasting a wrong
 * code is told so rather than shown another view). Framing allowed by src/lib/server/security-headers.ts.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const data = await mapPageData(await getAtlas());
	const parsed = parseView(url.searchParams, {
		municipalities: data.municipalities.map((m) => m.istat),
		layers: data.layers.map((l) => l.id)
	});
	if (!parsed.ok) error(400, { message: parsed.message(locals.lang) });
	return { view: parsed.view, origin: locals.origin, ...data };
};
