import { searchQuery } from '#lib/params.ts';
import { groupSearchResults } from '#lib/search.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const raw = url.searchParams.get('q') ?? '';
	const parsed = searchQuery.safeParse(raw);
	if (!parsed.success) return { query: raw, valid: false, groups: [] };
	return {
		query: parsed.data,
		valid: true,
		groups: groupSearchResults(await (await getAtlas()).search(parsed.data))
	};
};
