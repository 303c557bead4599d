import type { ProposalMapContext } from '../types.ts';
import { getAtlas } from './atlas.ts';
import { readConfig } from './config.ts';
import { boundaryAttribution } from '../map/thematic.ts';

const unionOf = (boxes: [number, number, number, number][]): [number, number, number, number] => [
	Math.min(...boxes.map((b) => b[0])),
	Math.min(...boxes.map((b) => b[1])),
	Math.max(...boxes.map((b) => b[2])),
	Math.max(...boxes.map((b) => b[3]))
];

/**
 * What every proposal page's map needs: municipalities, the province's frame, the basemap, the
 * plan's vocabulary and the FTTH share of each municipality (shown in the impact panel).
 */
export async function proposalMapContext(): Promise<ProposalMapContext> {
	const atlas = await getAtlas();
	const config = readConfig();
	const [municipalities, province, sources, ambiti, guidelines, broadband] = await Promise.all([
		atlas.listMunicipalityFacts(),
		atlas.getProvince(),
		atlas.listSources(),
		atlas.listAmbiti(),
		atlas.listGuidelines(),
		atlas.listMunicipalityFigures()
	]);
	const attribution = {
		it: boundaryAttribution(sources, 'it'),
		en: boundaryAttribution(sources, 'en')
	};
	return {
		municipalities,
		provinceBbox: province?.bbox ?? unionOf(municipalities.map((m) => m.bbox)),
		attribution,
		plan: { ambiti, guidelines },
		broadband: {
			snapshot: broadband.snapshot,
			ftth: Object.fromEntries(broadband.figures.map((f) => [f.istat, f.ftth_share]))
		},
		basemap: {
			styleUrl: config.ATLAS_BASEMAP_STYLE_URL,
			timeoutMs: config.ATLAS_BASEMAP_TIMEOUT_MS
		}
	};
}
