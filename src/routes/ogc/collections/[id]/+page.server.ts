import { getAtlas } from '#lib/server/atlas.ts';
import { collectionMetadata, orErrorPage } from '#lib/server/ogc-requests.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	setHeaders({ vary: 'Accept' });
	const atlas = await getAtlas();
	return {
		collection: await orErrorPage(
			await collectionMetadata(atlas, locals.origin, params.id, locals.lang)
		)
	};
};
