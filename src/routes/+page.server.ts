import { decodeMapState } from '#lib/map/url-state.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { mapPageData } from '#lib/server/map-page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const data = await mapPageData(await getAtlas());
	const initial = decodeMapState(url.searchParams);
	if (initial.municipality && !data.municipalities.some((m) => m.istat === initial.municipality)) {
		delete initial.municipality;
	}
	return { ...data, initial };
};
