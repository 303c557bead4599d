import { getAtlas } from '#lib/server/atlas.ts';
import { downloadMeta, downloadResponse, parseFormat } from '#lib/server/download-requests.ts';
import { downloadFilename } from '#lib/server/downloads.ts';
import type { RequestHandler } from './$types';

/** Every municipality (boundary and facts) as a file: the features of /api/v1/municipalities. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const format = parseFormat(params.format, locals.lang);
	if (format instanceof Response) return format;
	const atlas = await getAtlas();
	return downloadResponse({
		format,
		collection: await atlas.listMunicipalities(),
		meta: await downloadMeta(atlas, 'municipalities', locals.lang),
		filename: downloadFilename('municipalities', format),
		origin: locals.origin,
		lang: locals.lang
	});
};
