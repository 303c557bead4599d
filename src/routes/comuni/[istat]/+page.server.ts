import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { projectToSvg } from '#lib/map/svg-map.ts';
import { istatCode } from '#lib/params.ts';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { listObservationFeatures } from '#lib/server/observations.ts';
import { collectionInfos } from '#lib/server/ogc.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const notFound = () =>
		error(404, {
			message: translate(locals.lang, 'error.notFound.municipality', { code: params.istat })
		});
	const parsed = istatCode.safeParse(params.istat);
	if (!parsed.success) notFound();
	const atlas = await getAtlas();
	const municipality = await atlas.getMunicipality(params.istat);
	if (!municipality) notFound();
	const [surroundings, sources, report, ambiti, guidelines, observations, national] =
		await Promise.all([
			atlas.getMunicipalityWithNeighbours(params.istat),
			atlas.listSources(),
			atlas.getMunicipalityReport(params.istat),
			atlas.listAmbiti(),
			atlas.listGuidelines(),
			// What every reader sees (never a hidden one), signed in or not: the report is public.
			listObservationFeatures(await getDatabase(), null, { istat: params.istat }),
			atlas.getNationalComparison(params.istat)
		]);
	// The downloads' licence and attribution, as their datasets' files state them.
	const infos = collectionInfos(await atlas.listLayers(), locals.lang);
	const terms = (id: string) => {
		const { licence, attribution } = infos.find((c) => c.id === id)!;
		return { licence, attribution };
	};
	return {
		municipality: municipality!,
		downloadTerms: { municipality: terms('municipalities'), interventions: terms('interventions') },
		map: projectToSvg(surroundings, { width: 480, height: 360, padding: 12 }),
		sources,
		report: report!,
		national,
		observations: observations.features.map((f) => f.properties),
		plan: { ambiti, guidelines },
		generated: new Date().toISOString().slice(0, 10)
	};
};
