import { error } from '@sveltejs/kit';
import { parseView } from '#lib/embed.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { readConfig } from '#lib/server/config.ts';
import type { PageServerLoad } from './$types';

/**
 * The embeddable map: `comune`, `layers` and `lang` only, each checked (a site pasting a wrong
 * code is told so rather than shown another view). Framing allowed by src/lib/server/security-headers.ts.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const atlas = await getAtlas();
	const config = readConfig();
	const [municipalities, province, sources, layers, ambiti, guidelines] = await Promise.all([
		atlas.listMunicipalityFacts(),
		atlas.getProvince(),
		atlas.listSources(),
		atlas.listLayers(),
		atlas.listAmbiti(),
		atlas.listGuidelines()
	]);
	const parsed = parseView(url.searchParams, {
		municipalities: municipalities.map((m) => m.istat),
		layers: layers.map((l) => l.id)
	});
	if (!parsed.ok) error(400, { message: parsed.message(locals.lang) });
	return {
		view: parsed.view,
		origin: locals.origin,
		municipalities,
		province,
		sources,
		layers,
		plan: { ambiti, guidelines },
		basemap: {
			styleUrl: config.ATLAS_BASEMAP_STYLE_URL,
			timeoutMs: config.ATLAS_BASEMAP_TIMEOUT_MS
		}
	};
};
