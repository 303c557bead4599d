import { getAtlas } from '#lib/server/atlas.ts';
import { collectionItem, findCollection, orErrorPage } from '#lib/server/ogc-requests.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	setHeaders({ vary: 'Accept' });
	const atlas = await getAtlas();
	const [info, feature] = await Promise.all([
		findCollection(atlas, params.id, locals.lang),
		collectionItem(atlas, locals.origin, params.id, params.featureId, locals.lang)
	]);
	return { info: await orErrorPage(info), feature: await orErrorPage(feature) };
};
