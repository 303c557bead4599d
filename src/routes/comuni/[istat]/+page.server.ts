import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { projectToSvg } from '#lib/map/svg-map.ts';
import { istatCode } from '#lib/params.ts';
import { getAtlas } from '#lib/server/atlas.ts';
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
	const [surroundings, sources, report, ambiti, guidelines] = await Promise.all([
		atlas.getMunicipalityWithNeighbours(params.istat),
		atlas.listSources(),
		atlas.getMunicipalityReport(params.istat),
		atlas.listAmbiti(),
		atlas.listGuidelines()
	]);
	return {
		municipality: municipality!,
		map: projectToSvg(surroundings, { width: 480, height: 360, padding: 12 }),
		sources,
		report: report!,
		plan: { ambiti, guidelines },
		generated: new Date().toISOString().slice(0, 10)
	};
};
