import { decodeMapState } from '#lib/map/url-state.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { readConfig } from '#lib/server/config.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
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
	const initial = decodeMapState(url.searchParams);
	if (initial.municipality && !municipalities.some((m) => m.istat === initial.municipality)) {
		delete initial.municipality;
	}
	return {
		municipalities,
		province,
		sources,
		layers,
		plan: { ambiti, guidelines },
		initial,
		basemap: {
			styleUrl: config.ATLAS_BASEMAP_STYLE_URL,
			timeoutMs: config.ATLAS_BASEMAP_TIMEOUT_MS
		}
	};
};
