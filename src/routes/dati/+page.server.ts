import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { catalogAgents, readCatalog } from '#lib/server/catalog.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	catalog: await readCatalog(await getAtlas(), await getDatabase()),
	agents: catalogAgents(locals.lang)
});
