import { translate } from '#lib/i18n/index.ts';
import { observations, readObservationFilter } from '#lib/server/observations-api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { identityOf } from '#lib/server/proposals-api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter = readObservationFilter(event.url.searchParams);
	const queries = await observations();
	const atlas = await getAtlas();
	const [list, categories, ambiti, municipalities] = await Promise.all([
		queries.listObservations(identityOf(event), filter.ok ? filter.value : {}),
		queries.listCategories(),
		atlas.listAmbiti(),
		atlas.listMunicipalityFacts()
	]);
	return {
		observations: list.features.map((f) => f.properties),
		filter: filter.ok ? filter.value : {},
		problem: filter.ok
			? null
			: translate(event.locals.lang, 'api.badObservationFilter', {
					field: filter.field,
					value: filter.value
				}),
		categories,
		ambiti: ambiti.map((a) => ({ code: a.code, name: a.name })),
		municipalities: municipalities.map((m) => ({ istat: m.istat, name: m.name })),
		role: event.locals.member?.role ?? null
	};
};
