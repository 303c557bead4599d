import { translate, type Lang } from '../i18n/index.ts';
import { apiError } from './api.ts';
import type { Atlas } from './atlas.ts';
import {
	collectionInfos,
	itemsQuerySchema,
	type ItemsQuery,
	type OgcCollectionInfo
} from './ogc.ts';

/** The collection named in the address, or the 404 naming the ones there are. */
export async function findCollection(
	atlas: Atlas,
	id: string,
	lang: Lang
): Promise<OgcCollectionInfo | Response> {
	const infos = collectionInfos(await atlas.listLayers(), lang);
	return (
		infos.find((c) => c.id === id) ??
		apiError(
			404,
			'collection_not_found',
			translate(lang, 'ogc.unknownCollection', {
				id,
				available: infos.map((c) => c.id).join(', ')
			})
		)
	);
}

/** The /items query, or the 400 naming the first bad parameter and what the collection accepts. */
export function parseItemsQuery(
	collectionId: string,
	params: URLSearchParams,
	lang: Lang
): ItemsQuery | Response {
	const schema = itemsQuerySchema(collectionId);
	const raw: Record<string, string> = {};
	for (const [key, value] of params) raw[key] = value;
	const parsed = schema.safeParse(raw);
	if (parsed.success) return parsed.data as ItemsQuery;
	const issue = parsed.error.issues[0];
	const param =
		issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? '');
	return apiError(
		400,
		'invalid_parameter',
		translate(lang, 'ogc.badQuery', { param, allowed: Object.keys(schema.shape).join(', ') })
	);
}
