import { error } from '@sveltejs/kit';
import { translate, type Lang } from '../i18n/index.ts';
import { apiError } from './api.ts';
import { getDatabase, type Atlas } from './atlas.ts';
import {
	collectionDocument,
	collectionFeatures,
	collectionInfos,
	encodedAs,
	extentOf,
	GEOJSON,
	HTML,
	itemsPage,
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

/*
 * Each OGC answer once, for both encodings: the JSON endpoint sends it as it is, the HTML page
 * renders it. A refusal comes back as the API's JSON error, which the page turns into its own.
 */

export async function collectionsDocument(atlas: Atlas, base: string, lang: Lang) {
	const infos = collectionInfos(await atlas.listLayers(), lang);
	return {
		links: [
			{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' },
			{ href: encodedAs(`${base}/ogc/collections`, 'html'), rel: 'alternate', type: HTML }
		],
		collections: infos.map((info) => collectionDocument(base, info, null))
	};
}

export async function collectionMetadata(atlas: Atlas, base: string, id: string, lang: Lang) {
	const found = await findCollection(atlas, id, lang);
	if (found instanceof Response) return found;
	const features = await collectionFeatures(await getDatabase(), atlas, found.id);
	return collectionDocument(base, found, extentOf(features?.features ?? []));
}

export async function collectionItems(
	atlas: Atlas,
	base: string,
	id: string,
	sent: URLSearchParams,
	lang: Lang
) {
	const found = await findCollection(atlas, id, lang);
	if (found instanceof Response) return found;
	const query = parseItemsQuery(found.id, sent, lang);
	if (query instanceof Response) return query;
	const bbox = query.bbox as [number, number, number, number] | undefined;
	const all = (await collectionFeatures(await getDatabase(), atlas, found.id, bbox))!;
	return { info: found, page: itemsPage(base, found.id, all, query, sent) };
}

export async function collectionItem(
	atlas: Atlas,
	base: string,
	id: string,
	featureId: string,
	lang: Lang
) {
	const found = await findCollection(atlas, id, lang);
	if (found instanceof Response) return found;
	const all = (await collectionFeatures(await getDatabase(), atlas, found.id))!;
	const feature = all.features.find((f) => String(f.id) === featureId);
	if (!feature)
		return apiError(
			404,
			'feature_not_found',
			translate(lang, 'ogc.unknownFeature', { id: featureId, collection: found.id })
		);
	const self = `${base}/ogc/collections/${found.id}`;
	const href = `${self}/items/${encodeURIComponent(featureId)}`;
	return {
		...feature,
		links: [
			{ href, rel: 'self', type: GEOJSON },
			{ href: encodedAs(href, 'html'), rel: 'alternate', type: HTML },
			{ href: self, rel: 'collection', type: 'application/json' }
		]
	};
}

/** For the HTML pages: the answer, or Kit's error page with the API's message. */
export async function orErrorPage<T>(answer: T | Response): Promise<Exclude<T, Response>> {
	if (!(answer instanceof Response)) return answer as Exclude<T, Response>;
	const body = (await answer.json()) as { error: { message: string } };
	error(answer.status, body.error.message);
}
