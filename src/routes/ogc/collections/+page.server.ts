import { getAtlas } from '#lib/server/atlas.ts';
import { collectionsDocument } from '#lib/server/ogc-requests.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	setHeaders({ vary: 'Accept' });
	return await collectionsDocument(await getAtlas(), locals.origin, locals.lang);
};
