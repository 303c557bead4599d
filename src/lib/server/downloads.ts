import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { toKML } from '@placemarkio/tokml';
import { geojsonToWKT } from '@terraformer/wkt';
import { stringify } from 'csv-stringify/sync';
import { translate, type Lang } from '../i18n/index.ts';
import type { OgcCollectionInfo } from './ogc.ts';
import type { DownloadFormat } from '../downloads.ts';

/**
 * The atlas's public data as files: GeoJSON, CSV and KML, each saying its licence and attribution
 * (inside the GeoJSON and the KML; beside the CSV, in a `Link: rel="license"` header and on the
 * page that offers it, since a CSV has no place for them that every reader skips cleanly).
 */

type Properties = Record<string, unknown>;
/** Any feature collection of the atlas: its properties are plain JSON objects. */
export type Features = FeatureCollection<Geometry | null, object>;

/** What a file says of itself: its OGC collection's title, licence, attribution and sources. */
export type DownloadMeta = OgcCollectionInfo;

export const MEDIA_TYPES: Record<DownloadFormat, string> = {
	geojson: 'application/geo+json',
	csv: 'text/csv; charset=utf-8; header=present',
	kml: 'application/vnd.google-earth.kml+xml; charset=utf-8'
};

/** GeoJSON with the licence, attribution and sources as top-level (foreign) members. */
export function toGeoJSONFile(collection: Features, meta: DownloadMeta): string {
	return JSON.stringify({
		type: 'FeatureCollection',
		name: meta.id,
		title: meta.title,
		description: meta.description,
		licence: meta.licence,
		attribution: meta.attribution,
		sources: meta.sources,
		features: collection.features
	});
}

/** A property as a CSV cell or KML value: text as is, numbers and booleans written out, the rest as JSON. */
export function cellOf(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Every property name in the order features first use it. */
function columnsOf(features: Feature<Geometry | null, object>[]): string[] {
	const seen = new Set<string>();
	for (const feature of features) for (const key of Object.keys(feature.properties)) seen.add(key);
	return [...seen];
}

/** The geometry columns' names, kept apart from any property of the same name. */
const WKT = 'wkt';
const LON = 'lon';
const LAT = 'lat';

/**
 * CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the accents): one row per
 * feature, its properties, then `wkt` (the geometry) and, when every feature is a point, `lon`
 * and `lat`. A property that would take a geometry column's name is written with a `property_` prefix.
 */
export function toCsvFile(collection: Features): string {
	const features = collection.features;
	const points = features.length > 0 && features.every((f) => f.geometry?.type === 'Point');
	const geometryColumns = points ? [WKT, LON, LAT] : [WKT];
	const properties = columnsOf(features);
	const header = [
		...properties.map((name) => (geometryColumns.includes(name) ? `property_${name}` : name)),
		...geometryColumns
	];
	const rows = features.map((feature) => {
		const geometry = feature.geometry;
		const coordinates = geometry?.type === 'Point' ? geometry.coordinates : null;
		return [
			...properties.map((name) => cellOf((feature.properties as Properties)[name])),
			geometry ? geojsonToWKT(geometry) : '',
			...(points ? [String(coordinates![0]), String(coordinates![1])] : [])
		];
	});
	return stringify([header, ...rows], { bom: true, record_delimiter: 'windows' });
}

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The licence, attribution and sources as a few lines of text, in the reader's language. */
export function licenceNotice(meta: DownloadMeta, lang: Lang): string {
	return [
		meta.description,
		`${translate(lang, 'download.licence')}: ${meta.licence}`,
		`${translate(lang, 'download.attribution')}: ${meta.attribution}`,
		`${translate(lang, 'download.sources')}: ${meta.sources.map((s) => `${s.title} <${s.url}>`).join('; ')}`
	].join('\n');
}

/**
 * KML: one Placemark per feature with its properties as ExtendedData (unknown values left out
 * rather than written "null"), and the dataset's title and licence notice as the Document's name
 * and description.
 */
export function toKmlFile(collection: Features, meta: DownloadMeta, lang: Lang): string {
	const features = collection.features.map((feature) => ({
		...feature,
		properties: Object.fromEntries(
			Object.entries(feature.properties).filter(
				([, value]) => value !== null && value !== undefined
			)
		)
	}));
	const kml = toKML({ type: 'FeatureCollection', features });
	// tokml writes no Document name or description: they go first inside <Document>, as KML orders them.
	const head = `<name>${escapeXml(meta.title)}</name><description>${escapeXml(licenceNotice(meta, lang))}</description>`;
	return kml.replace('<Document>', `<Document>${head}`);
}

/** The file's name as the browser saves it: atlante-lucca-2030-{dataset}[-{part}].{format}. */
export const downloadFilename = (dataset: string, format: DownloadFormat, part?: string) =>
	`atlante-lucca-2030-${dataset}${part ? `-${part}` : ''}.${format}`;
