import { translate, type Lang } from '../i18n/index.ts';
import {
	DOWNLOAD_FORMATS,
	datasetPageUrl,
	isDownloadFormat,
	type DownloadFormat
} from '../downloads.ts';
import { apiError } from './api.ts';
import type { Atlas } from './atlas.ts';
import {
	MEDIA_TYPES,
	toCsvFile,
	toGeoJSONFile,
	toKmlFile,
	type DownloadMeta,
	type Features
} from './downloads.ts';
import { collectionInfos } from './ogc.ts';
import { PUBLIC_DATA } from './serving.ts';

/** The format named in the address, or the 400 naming the ones there are. */
export function parseFormat(raw: string, lang: Lang): DownloadFormat | Response {
	if (isDownloadFormat(raw)) return raw;
	return apiError(
		400,
		'invalid_format',
		translate(lang, 'download.badFormat', { format: raw, formats: DOWNLOAD_FORMATS.join(', ') })
	);
}

/** What a dataset's files say of it: the same title, licence and sources as its OGC collection. */
export async function downloadMeta(atlas: Atlas, id: string, lang: Lang): Promise<DownloadMeta> {
	const info = collectionInfos(await atlas.listLayers(), lang).find((c) => c.id === id);
	if (!info) throw new Error(`No collection ${id}`);
	return { ...info };
}

/** The file as a public answer: its type, its name, and where its licence is set out. */
export function downloadResponse(options: {
	format: DownloadFormat;
	collection: Features;
	meta: DownloadMeta;
	filename: string;
	origin: string;
	lang: Lang;
}): Response {
	const { format, collection, meta, filename, origin, lang } = options;
	const body =
		format === 'geojson'
			? toGeoJSONFile(collection, meta)
			: format === 'csv'
				? toCsvFile(collection)
				: toKmlFile(collection, meta, lang);
	return new Response(body, {
		headers: {
			...PUBLIC_DATA,
			'content-type': MEDIA_TYPES[format],
			'content-disposition': `attachment; filename="${filename}"`,
			// The CSV's licence and attribution live here (and on the page offering it).
			link: [
				`<${origin}${datasetPageUrl(meta.id)}>; rel="license"`,
				`<${origin}/api/v1/catalog>; rel="describedby"; type="application/ld+json"`
			].join(', ')
		}
	});
}
