import { getAtlas } from '#lib/server/atlas.ts';
import { collectionItems, orErrorPage } from '#lib/server/ogc-requests.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals, setHeaders }) => {
	setHeaders({ vary: 'Accept' });
	const atlas = await getAtlas();
	return await orErrorPage(
		await collectionItems(atlas, locals.origin, params.id, url.searchParams, locals.lang)
	);
};
