import type { Lang } from './i18n/index.ts';
import type { Bilingual } from './types.ts';

/**
 * The download addresses, shared by the pages and the server: a JSON API collection's address
 * followed by `/download.{format}` gives the same features as a file.
 */

export const DOWNLOAD_FORMATS = ['geojson', 'csv', 'kml'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export const isDownloadFormat = (value: string): value is DownloadFormat =>
	(DOWNLOAD_FORMATS as readonly string[]).includes(value);

/** A layer of the catalogue (interventions, observations and the national layers included). */
export const layerDownloadUrl = (id: string, format: DownloadFormat) =>
	`/api/v1/layers/${encodeURIComponent(id)}/download.${format}`;

/** Every municipality, or one (its boundary with its facts). */
export const municipalitiesDownloadUrl = (format: DownloadFormat, istat?: string) =>
	istat
		? `/api/v1/municipalities/${istat}/download.${format}`
		: `/api/v1/municipalities/download.${format}`;

/** The plan's interventions as /api/v1/interventions lists them, e.g. those of one municipality. */
export const interventionsDownloadUrl = (format: DownloadFormat, municipality?: string) =>
	`/api/v1/interventions/download.${format}${municipality ? `?municipality=${municipality}` : ''}`;

/** Where a dataset's licence and attribution are set out for people (the catalogue's page). */
export const datasetPageUrl = (id: string) => `/dati#${id}`;

/** Every format's address of one layer's file. */
export const layerDownloadHrefs = (id: string) =>
	Object.fromEntries(DOWNLOAD_FORMATS.map((f) => [f, layerDownloadUrl(id, f)])) as Record<
		DownloadFormat,
		string
	>;

/** A layer's attribution line in `lang`: its title and its sources (as its OGC collection states it). */
export const layerAttribution = (
	layer: { title: Bilingual; sources: { title: Bilingual }[] },
	lang: Lang
) => `${layer.title[lang]}: ${layer.sources.map((s) => s.title[lang]).join('; ')}`;

/** Every format's address of one municipality's file, and of its interventions'. */
export const municipalityDownloadHrefs = (istat: string) => ({
	municipality: Object.fromEntries(
		DOWNLOAD_FORMATS.map((f) => [f, municipalitiesDownloadUrl(f, istat)])
	) as Record<DownloadFormat, string>,
	interventions: Object.fromEntries(
		DOWNLOAD_FORMATS.map((f) => [f, interventionsDownloadUrl(f, istat)])
	) as Record<DownloadFormat, string>
});
