import { json } from '@sveltejs/kit';
import { hasMessage, translate } from '#lib/i18n/index.ts';
import { opportunitiesCsv, opportunitiesGeoJson } from '#lib/opportunities.ts';
import { apiError } from '#lib/server/api.ts';
import { runOpportunitySearch } from '#lib/server/opportunity-search.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async ({ url, locals }) => {
	const format = url.searchParams.get('format') ?? 'json';
	if (!['json', 'csv', 'geojson'].includes(format))
		return apiError(
			400,
			'invalid_parameter',
			translate(locals.lang, 'api.badFormat', { value: format })
		);
	const search = await runOpportunitySearch(url.searchParams);
	if (!search.ok) {
		const key = `api.badOpportunity.${search.param}`;
		return apiError(
			400,
			'invalid_parameter',
			hasMessage(key) ? translate(locals.lang, key, { value: search.value }) : search.param
		);
	}
	const date = new Date().toISOString().slice(0, 10);
	if (format === 'csv')
		return new Response(opportunitiesCsv(search.results, locals.origin), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="opportunita-lucca-${date}.csv"`,
				...PUBLIC_DATA
			}
		});
	const collection = opportunitiesGeoJson(search.results, locals.origin);
	if (format === 'geojson')
		return new Response(JSON.stringify(collection), {
			headers: {
				'content-type': 'application/geo+json',
				'content-disposition': `attachment; filename="opportunita-lucca-${date}.geojson"`,
				...PUBLIC_DATA
			}
		});
	return json(
		{ filter: search.filter, broadband_snapshot: search.snapshot, ...collection },
		{ headers: PUBLIC_DATA }
	);
};
