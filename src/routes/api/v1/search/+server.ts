import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { searchQuery } from '#lib/params.ts';
import { groupSearchResults, searchResultUrl } from '#lib/search.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = searchQuery.safeParse(url.searchParams.get('q') ?? undefined);
	if (!parsed.success)
		return apiError(400, 'invalid_query', translate(locals.lang, 'api.badQuery'));
	const results = await (await getAtlas()).search(parsed.data);
	return json(
		{
			query: parsed.data,
			groups: groupSearchResults(results).map((group) => ({
				kind: group.kind,
				results: group.results.map((r) => ({ ...r, url: searchResultUrl(r) }))
			}))
		},
		{ headers: PUBLIC_DATA }
	);
};
