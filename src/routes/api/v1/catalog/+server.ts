import { json } from '@sveltejs/kit';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { catalogJsonLd, readCatalog } from '#lib/server/catalog.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

/** The catalogue as DCAT-AP_IT JSON-LD, what the open-data portals harvest. */
export const GET: RequestHandler = async ({ locals }) => {
	const catalog = await readCatalog(await getAtlas(), await getDatabase());
	return json(catalogJsonLd(catalog, locals.origin), {
		headers: { ...PUBLIC_DATA, 'content-type': 'application/ld+json' }
	});
};
