import type { Feature, FeatureCollection, Geometry } from 'geojson';
import turfBbox from '@turf/bbox';
import { z } from 'zod';
import { layerAttribution } from '../downloads.ts';
import type { Lang } from '../i18n/index.ts';
import type { LayerInfo } from '../types.ts';
import { DOWNLOAD_FORMATS, layerDownloadUrl, municipalitiesDownloadUrl } from '../downloads.ts';
import { MEDIA_TYPES } from './downloads.ts';
import type { Atlas } from './atlas.ts';
import type { Database } from './db/engine.ts';

/**
 * OGC API – Features, Part 1 (Core), over the atlas's public data: what QGIS, GDAL and the
 * regional portal read natively. The collections are the municipalities and the layer catalogue;
 * their features are the same as the JSON API's, paged and filtered here.
 */

export const CONFORMANCE = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'
] as const;

export const GEOJSON = 'application/geo+json';
export const HTML = 'text/html';

export const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** Items per page unless asked (the standard's example) and at most (the national layers: 7,899). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

/** The property filters a collection accepts, and how each reads a feature. */
const FILTERS = {
	istat: (p: Record<string, unknown>, value: string) =>
		p.istat === value ||
		(Array.isArray(p.municipalities) &&
			p.municipalities.some((m) => (typeof m === 'string' ? m : m?.istat) === value)),
	ambito: (p: Record<string, unknown>, value: string) =>
		String(p.primary_ambito ?? p.ambito ?? '') === value,
	status: (p: Record<string, unknown>, value: string) => String(p.status ?? '') === value
} as const;
type FilterName = keyof typeof FILTERS;

/** Which filters make sense on which collection (a filter on a field it lacks would match nothing). */
const FILTERS_OF: Record<string, FilterName[]> = {
	municipalities: ['istat'],
	interventions: ['istat', 'ambito', 'status'],
	observations: ['istat', 'ambito', 'status'],
	'national-broadband': ['istat'],
	'national-pnrr': ['istat']
};
const filtersOf = (id: string): FilterName[] => FILTERS_OF[id] ?? ['istat'];

/** A feature's interval in time, where the collection has one: interventions by year, observations by day. */
function intervalOf(id: string, p: Record<string, unknown>): [string | null, string | null] | null {
	if (id === 'interventions') {
		const year = (v: unknown, end: boolean) =>
			typeof v === 'number' ? `${v}-${end ? '12-31' : '01-01'}` : null;
		return [year(p.start_year, false), year(p.end_year, true)];
	}
	if (id === 'observations' && typeof p.created_at === 'string') {
		const day = p.created_at.slice(0, 10);
		return [day, day];
	}
	return null;
}
const hasTime = (id: string) => id === 'interventions' || id === 'observations';

export interface OgcCollectionInfo {
	id: string;
	title: string;
	description: string;
	licence: string;
	attribution: string;
	sources: { title: string; url: string }[];
}

const MUNICIPALITIES: Record<Lang, Omit<OgcCollectionInfo, 'id'>> = {
	it: {
		title: 'Comuni della provincia',
		description:
			'I confini dei comuni con superficie geodetica e residenti ISTAT al 1° gennaio 2021 (null se non noti).',
		licence: 'CC BY 4.0',
		attribution: 'Confini e residenti: ISTAT, CC BY 4.0 (via Openpolis e opendatasicilia)',
		sources: [
			{
				title: 'ISTAT via Openpolis geojson-italy',
				url: 'https://github.com/openpolis/geojson-italy'
			}
		]
	},
	en: {
		title: "The province's municipalities",
		description:
			'Municipal boundaries with geodesic area and ISTAT residents on 1 January 2021 (null where unknown).',
		licence: 'CC BY 4.0',
		attribution: 'Boundaries and residents: ISTAT, CC BY 4.0 (via Openpolis and opendatasicilia)',
		sources: [
			{
				title: 'ISTAT via Openpolis geojson-italy',
				url: 'https://github.com/openpolis/geojson-italy'
			}
		]
	}
};

/** Every collection: the municipalities, then the layer catalogue in its order. */
export function collectionInfos(layers: LayerInfo[], lang: Lang): OgcCollectionInfo[] {
	return [
		{ id: 'municipalities', ...MUNICIPALITIES[lang] },
		...layers.map((l) => ({
			id: l.id,
			title: l.title[lang],
			description: `${l.description[lang]} ${l.gaps[lang]}`,
			licence: l.licence[lang],
			attribution: layerAttribution(l, lang),
			sources: l.sources.map((s) => ({ title: s.title[lang], url: s.url }))
		}))
	];
}

const link = (href: string, rel: string, type: string, title?: string) => ({
	href,
	rel,
	type,
	...(title ? { title } : {})
});

/** The same address in the other encoding: `?f=html` for people, `?f=json` for programs. */
export function encodedAs(href: string, f: 'html' | 'json'): string {
	const url = new URL(href);
	url.searchParams.set('f', f);
	return url.toString();
}

export function landingPage(base: string, lang: Lang) {
	const it = lang === 'it';
	return {
		title: it ? 'Atlante Lucca 2030 – OGC API Features' : 'Atlante Lucca 2030 – OGC API Features',
		description: it
			? 'I dati pubblici dell’Atlante del Piano Strategico 2030 della Provincia di Lucca, leggibili da QGIS, GDAL e dai portali open data.'
			: 'The public data of the Province of Lucca’s Strategic Plan 2030 atlas, readable by QGIS, GDAL and open-data portals.',
		links: [
			link(`${base}/ogc`, 'self', 'application/json', it ? 'questa pagina' : 'this document'),
			link(encodedAs(`${base}/ogc`, 'html'), 'alternate', HTML, it ? 'in HTML' : 'as HTML'),
			link(`${base}/ogc/api`, 'service-desc', OPENAPI, 'OpenAPI 3.0'),
			link(`${base}/ogc/conformance`, 'conformance', 'application/json'),
			link(`${base}/ogc/collections`, 'data', 'application/json'),
			link(encodedAs(`${base}/ogc/collections`, 'html'), 'data', HTML)
		]
	};
}

export function collectionDocument(base: string, info: OgcCollectionInfo, bbox: number[] | null) {
	const self = `${base}/ogc/collections/${info.id}`;
	return {
		id: info.id,
		title: info.title,
		description: info.description,
		attribution: info.attribution,
		license: info.licence,
		itemType: 'feature',
		crs: [CRS84],
		extent: {
			spatial: { bbox: [bbox ?? [6.6, 36.6, 18.6, 47.1]], crs: CRS84 },
			...(hasTime(info.id)
				? {
						temporal: {
							interval: [[null, null]],
							trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'
						}
					}
				: {})
		},
		links: [
			link(self, 'self', 'application/json'),
			link(encodedAs(self, 'html'), 'alternate', HTML, info.title),
			link(`${self}/items`, 'items', GEOJSON, info.title),
			link(encodedAs(`${self}/items`, 'html'), 'items', HTML, info.title),
			...info.sources.map((s) => link(s.url, 'describedby', 'text/html', s.title)),
			link(
				info.id === 'municipalities'
					? `${base}/api/v1/municipalities`
					: `${base}/api/v1/layers/${info.id}`,
				'alternate',
				GEOJSON,
				'JSON API'
			),
			// The whole collection as one file, for those who download rather than query.
			...DOWNLOAD_FORMATS.map((format) =>
				link(
					`${base}${info.id === 'municipalities' ? municipalitiesDownloadUrl(format) : layerDownloadUrl(info.id, format)}`,
					'enclosure',
					MEDIA_TYPES[format],
					format.toUpperCase()
				)
			)
		]
	};
}

/** The query string of /items: every parameter the API definition names, and no other. */
export function itemsQuerySchema(collectionId: string) {
	const filters = Object.fromEntries(
		filtersOf(collectionId).map((name) => [name, z.string().min(1).max(40).optional()])
	);
	return z
		.object({
			limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
			offset: z.coerce.number().int().min(0).default(0),
			bbox: z
				.string()
				.transform((v) => v.split(',').map(Number))
				.refine(
					(b) =>
						b.length === 4 &&
						b.every(Number.isFinite) &&
						b[0] <= b[2] &&
						b[1] <= b[3] &&
						b[1] >= -90 &&
						b[3] <= 90,
					'bbox'
				)
				.optional(),
			// Tolerated everywhere: the response format and the reader's language.
			f: z.enum(['json', 'geojson', 'html']).optional(),
			lang: z.enum(['it', 'en']).optional(),
			...(hasTime(collectionId)
				? {
						datetime: z
							.string()
							.regex(
								/^(\.\.|\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?)?(\/(\.\.|\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?)?)?$/
							)
							.optional()
					}
				: {}),
			...filters
		})
		.strict();
}

/** The parsed /items query (the filters and `datetime` only where the collection has them). */
export type ItemsQuery = {
	limit: number;
	offset: number;
	bbox?: number[];
	datetime?: string;
	f?: 'json' | 'geojson' | 'html';
	lang?: 'it' | 'en';
} & Partial<Record<FilterName, string>>;

/** Whether [start, end] meets the interval of `datetime` ("2026-01-01/..", "../2030-12-31", a day). */
function meetsTime(datetime: string, interval: [string | null, string | null] | null): boolean {
	if (!interval) return false;
	const [from, to] = datetime.includes('/') ? datetime.split('/') : [datetime, datetime];
	const lower = !from || from === '..' ? null : from.slice(0, 10);
	const upper = !to || to === '..' ? null : to.slice(0, 10);
	const [start, end] = interval;
	if (upper && start && start > upper) return false;
	if (lower && end && end < lower) return false;
	return start !== null || end !== null;
}

type OgcFeatures = FeatureCollection<Geometry, Record<string, unknown>>;

/** Every feature of a collection with a top-level id (GDAL keys features by it), or null if unknown. */
async function readCollection(atlas: Atlas, id: string): Promise<OgcFeatures | null> {
	const collection =
		id === 'municipalities' ? await atlas.listMunicipalities() : await atlas.getLayerFeatures(id);
	if (!collection) return null;
	const features = (collection.features as Feature<Geometry, Record<string, unknown>>[]).map(
		(f) => ({
			...f,
			id: f.id ?? (f.properties.id as string | number | undefined) ?? (f.properties.istat as string)
		})
	);
	return { type: 'FeatureCollection', features };
}

interface KeptCollection {
	version: string;
	read: Promise<{ collection: OgcFeatures; boxes: number[][] } | null>;
}

/**
 * Per database: each collection as read at a data version. A client pages through a collection
 * (GDAL before 3.8 ten features at a time: 790 pages for the national layers), and each page
 * would otherwise read all of it again. Read after the version, so never older than its key.
 */
const kept = new WeakMap<Database, Map<string, KeptCollection>>();

/**
 * A collection's features, those whose bounds meet `bbox` when given (as the JSON API's bbox),
 * or null if there is no such collection.
 */
export async function collectionFeatures(
	db: Database,
	atlas: Atlas,
	id: string,
	bbox?: [number, number, number, number]
): Promise<OgcFeatures | null> {
	const version = await db.dataVersion();
	let byId = kept.get(db);
	if (!byId) kept.set(db, (byId = new Map()));
	let entry = byId.get(id);
	if (entry?.version !== version) {
		const read = readCollection(atlas, id).then((collection) =>
			collection
				? {
						collection,
						// A feature without a place meets no box.
						boxes: collection.features.map((f) =>
							f.geometry ? turfBbox(f.geometry) : [Infinity, Infinity, -Infinity, -Infinity]
						)
					}
				: null
		);
		entry = { version, read };
		byId.set(id, entry);
		const reading = entry;
		read.catch(() => {
			if (byId.get(id) === reading) byId.delete(id);
		});
	}
	const found = await entry.read;
	if (!found || !bbox) return found?.collection ?? null;
	const [w, s, e, n] = bbox;
	return {
		type: 'FeatureCollection',
		features: found.collection.features.filter((_, i) => {
			const [minX, minY, maxX, maxY] = found.boxes[i];
			return minX <= e && maxX >= w && minY <= n && maxY >= s;
		})
	};
}

/** [west, south, east, north] of the features; null when they have no coordinate. */
export function extentOf(features: Feature<Geometry>[]): number[] | null {
	const box = turfBbox({ type: 'FeatureCollection', features });
	return box.every(Number.isFinite) ? box.slice(0, 4) : null;
}

/** One page of a collection's items, filtered, with the standard's counts and paging links. */
export function itemsPage(
	base: string,
	collectionId: string,
	all: FeatureCollection<Geometry, Record<string, unknown>>,
	query: ItemsQuery,
	sent: URLSearchParams
) {
	const filters = filtersOf(collectionId).filter(
		(name) => (query as Record<string, unknown>)[name] !== undefined
	);
	const matched = all.features.filter(
		(f) =>
			filters.every((name) =>
				FILTERS[name](f.properties, String((query as Record<string, unknown>)[name]))
			) &&
			(!query.datetime || meetsTime(query.datetime, intervalOf(collectionId, f.properties)))
	);
	const features = matched.slice(query.offset, query.offset + query.limit);
	const at = (offset: number) => {
		const params = new URLSearchParams(sent);
		params.set('offset', String(offset));
		params.set('limit', String(query.limit));
		return `${base}/ogc/collections/${collectionId}/items?${params}`;
	};
	const self = `${base}/ogc/collections/${collectionId}/items${sent.size ? `?${sent}` : ''}`;
	return {
		type: 'FeatureCollection' as const,
		features,
		numberMatched: matched.length,
		numberReturned: features.length,
		timeStamp: new Date().toISOString(),
		links: [
			link(self, 'self', GEOJSON),
			link(encodedAs(self, 'html'), 'alternate', HTML),
			link(`${base}/ogc/collections/${collectionId}`, 'collection', 'application/json'),
			...(query.offset + query.limit < matched.length
				? [link(at(query.offset + query.limit), 'next', GEOJSON)]
				: []),
			...(query.offset > 0
				? [link(at(Math.max(0, query.offset - query.limit)), 'prev', GEOJSON)]
				: [])
		]
	};
}

/** The OpenAPI 3.0 definition of this API: its paths, parameters and the collections' filters. */
export function openApiDocument(base: string, collections: OgcCollectionInfo[]) {
	const param = (name: string, description: string, schema: object) => ({
		name,
		in: 'query',
		required: false,
		style: name === 'bbox' ? 'form' : undefined,
		explode: name === 'bbox' ? false : undefined,
		description,
		schema
	});
	// Every answer but this document's also comes as HTML (`f=html`, or Accept: text/html).
	const page = { [HTML]: { schema: { type: 'string' } } };
	const json = (description: string) => ({
		description,
		content: { 'application/json': { schema: { type: 'object' } }, ...page }
	});
	const f = param('f', 'Encoding: json (GeoJSON for features) or html', {
		type: 'string',
		enum: ['json', 'html']
	});
	return {
		openapi: '3.0.3',
		info: {
			title: 'Atlante Lucca 2030 – OGC API Features',
			version: '1.0.0',
			description:
				'Public data of the atlas of the Province of Lucca’s Strategic Plan 2030 (OGC API – Features, Part 1).',
			license: { name: 'Data: per collection (see each collection’s license and attribution)' }
		},
		servers: [{ url: `${base}/ogc` }],
		paths: {
			'/': {
				get: {
					summary: 'Landing page',
					parameters: [f],
					responses: { 200: json('Links to the API') }
				}
			},
			'/conformance': {
				get: {
					summary: 'Conformance classes',
					parameters: [f],
					responses: { 200: json('Conformance classes') }
				}
			},
			'/api': {
				get: {
					summary: 'This document',
					responses: {
						200: {
							description: 'OpenAPI 3.0',
							content: { [OPENAPI]: { schema: { type: 'object' } } }
						}
					}
				}
			},
			'/collections': {
				get: {
					summary: 'Collections',
					parameters: [f],
					responses: { 200: json('The collections') }
				}
			},
			...Object.fromEntries(
				collections.flatMap((c) => [
					[
						`/collections/${c.id}`,
						{ get: { summary: c.title, parameters: [f], responses: { 200: json(c.description) } } }
					],
					[
						`/collections/${c.id}/items`,
						{
							get: {
								summary: `${c.title}: features`,
								parameters: [
									f,
									param('limit', 'Items per page', {
										type: 'integer',
										minimum: 1,
										maximum: MAX_LIMIT,
										default: DEFAULT_LIMIT
									}),
									param('offset', 'Items to skip', { type: 'integer', minimum: 0, default: 0 }),
									param('bbox', 'west,south,east,north (CRS84)', {
										type: 'array',
										minItems: 4,
										maxItems: 4,
										items: { type: 'number' }
									}),
									...(hasTime(c.id)
										? [
												param('datetime', 'An instant or interval (RFC 3339, ".." open)', {
													type: 'string'
												})
											]
										: []),
									...filtersOf(c.id).map((name) =>
										param(name, `Only features with this ${name}`, { type: 'string' })
									)
								],
								responses: {
									200: {
										description: 'A page of features',
										content: { [GEOJSON]: { schema: { type: 'object' } }, ...page }
									},
									400: json('A parameter the API does not define, or a bad value')
								}
							}
						}
					],
					[
						`/collections/${c.id}/items/{featureId}`,
						{
							get: {
								summary: `${c.title}: one feature`,
								parameters: [
									{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
									f
								],
								responses: {
									200: {
										description: 'The feature',
										content: { [GEOJSON]: { schema: { type: 'object' } }, ...page }
									},
									404: json('No such feature')
								}
							}
						}
					]
				])
			)
		}
	};
}
