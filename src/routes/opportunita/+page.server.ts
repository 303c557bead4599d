import { hasMessage, translate } from '#lib/i18n/index.ts';
import { projectToSvg } from '#lib/map/svg-map.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { runOpportunitySearch } from '#lib/server/opportunity-search.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const atlas = await getAtlas();
	const [search, municipalities] = await Promise.all([
		runOpportunitySearch(url.searchParams),
		atlas.listMunicipalities()
	]);
	const outline = {
		type: 'FeatureCollection' as const,
		features: municipalities.features.map((f) => ({
			...f,
			properties: { istat: f.properties.istat, name: f.properties.name }
		}))
	};
	if (!search.ok) {
		const key = `api.badOpportunity.${search.param}`;
		return {
			error: hasMessage(key) ? translate(locals.lang, key, { value: search.value }) : search.param,
			query: url.search,
			results: [],
			filter: null,
			snapshot: null,
			national: null,
			map: projectToSvg(outline, { width: 420, height: 440, padding: 8 })
		};
	}
	return {
		error: null,
		query: url.search,
		results: search.results,
		filter: search.filter,
		snapshot: search.snapshot,
		national: search.national,
		map: projectToSvg(outline, {
			width: 420,
			height: 440,
			padding: 8,
			overlay: search.results.map((r) => ({ type: 'Point' as const, coordinates: r.point }))
		})
	};
};
