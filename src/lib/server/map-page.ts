import type { Atlas } from './atlas.ts';
import { readConfig } from './config.ts';

/**
 * What a page drawing the atlas's map loads (`/` and `/embed`): the municipalities, the province,
 * the sources, the layer catalogue, the plan's reference and the online basemap's settings.
 */
export async function mapPageData(atlas: Atlas) {
	const config = readConfig();
	const [municipalities, province, sources, layers, ambiti, guidelines] = await Promise.all([
		atlas.listMunicipalityFacts(),
		atlas.getProvince(),
		atlas.listSources(),
		atlas.listLayers(),
		atlas.listAmbiti(),
		atlas.listGuidelines()
	]);
	return {
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
}
