import { parseAmount } from '../amount.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';

/** One record of an import file, before validation: its row number (1 = first data row) and fields. */
export interface ImportRow {
	row: number;
	record: Record<string, unknown>;
}

export type ImportFormat = 'csv' | 'geojson';

/** Columns of the CSV import, in the order the template lists them. */
export const CSV_COLUMNS = [
	'id',
	'code',
	'title_it',
	'title_en',
	'description_it',
	'description_en',
	'context_it',
	'context_en',
	'primary_ambito',
	'secondary_ambiti',
	'guidelines',
	'status',
	'status_source',
	'cost_eur',
	'cost_source',
	'start_date',
	'end_date',
	'lead_body',
	'actors',
	'cup',
	'municipalities',
	'features',
	'funding_kind',
	'funding_amount_eur',
	'funding_document',
	'funding_document_url',
	'source_title',
	'source_url',
	'source_date',
	'lon',
	'lat'
] as const;

const LIST_SEPARATOR = /\s*\|\s*/;

const text = (value: string | undefined) =>
	value === undefined || value.trim() === '' ? null : value.trim();
const list = (value: string | undefined) =>
	text(value) ? value!.trim().split(LIST_SEPARATOR) : [];
const number = (value: string | undefined) => (text(value) === null ? null : parseAmount(value!));
const integers = (value: string | undefined) =>
	list(value).map((v) => (/^\d+$/.test(v) ? Number(v) : v));

/** A CSV row as an intervention record: lists separated by "|", one funding line and one source. */
function recordOfCsv(cells: Record<string, string>): Record<string, unknown> {
	const fundingGiven = ['funding_kind', 'funding_amount_eur', 'funding_document'].some((c) =>
		text(cells[c])
	);
	const lon = number(cells.lon);
	const lat = number(cells.lat);
	return {
		id: text(cells.id) ?? undefined,
		code: text(cells.code) ?? undefined,
		title_it: text(cells.title_it),
		title_en: text(cells.title_en),
		description_it: text(cells.description_it),
		description_en: text(cells.description_en),
		context_it: text(cells.context_it),
		context_en: text(cells.context_en),
		primary_ambito: text(cells.primary_ambito) === null ? null : integers(cells.primary_ambito)[0],
		secondary_ambiti: integers(cells.secondary_ambiti),
		guidelines: integers(cells.guidelines),
		status: text(cells.status),
		status_source: text(cells.status_source),
		cost_eur: number(cells.cost_eur),
		cost_source: text(cells.cost_source),
		start_date: text(cells.start_date),
		end_date: text(cells.end_date),
		lead_body: text(cells.lead_body),
		actors: list(cells.actors),
		cup: text(cells.cup),
		regis_phase: text(cells.regis_phase),
		regis_snapshot: text(cells.regis_snapshot),
		municipalities: list(cells.municipalities),
		// "bottlenecks/ponte-di-calavorno:resolves"
		features: list(cells.features).map((link) => {
			const [target, relation] = link.split(':');
			const [layer, id] = (target ?? '').split('/');
			return { layer, id, relation };
		}),
		funding: fundingGiven
			? [
					{
						kind: text(cells.funding_kind) ?? undefined,
						amount_eur: number(cells.funding_amount_eur),
						document: text(cells.funding_document) ?? undefined,
						document_url: text(cells.funding_document_url),
						note: null
					}
				]
			: [],
		sources: text(cells.source_title)
			? [
					{
						title: text(cells.source_title),
						url: text(cells.source_url),
						date: text(cells.source_date)
					}
				]
			: [],
		geometry: lon !== null && lat !== null ? { type: 'Point', coordinates: [lon, lat] } : null
	};
}

/**
 * Reads an import file into rows. CSV takes "," or ";" as separator (Italian spreadsheets export
 * with ";"), the header names the columns; GeoJSON takes a FeatureCollection whose properties
 * are the intervention's fields and whose geometry is its own. Throws on a file that cannot be
 * read at all; problems of single rows are left to validation.
 */
export function readImportRows(content: string, format: ImportFormat): ImportRow[] {
	if (format === 'geojson') {
		let json: unknown;
		try {
			json = JSON.parse(content);
		} catch {
			throw new ImportFileError('notJson');
		}
		const features = (json as { type?: string; features?: unknown })?.features;
		if ((json as { type?: string })?.type !== 'FeatureCollection' || !Array.isArray(features))
			throw new ImportFileError('notFeatureCollection');
		return features.map((feature, index) => ({
			row: index + 1,
			record: {
				...((feature as { properties?: Record<string, unknown> })?.properties ?? {}),
				geometry: (feature as { geometry?: unknown })?.geometry ?? null
			}
		}));
	}
	const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
	let parsed: string[][];
	try {
		parsed = parseCsv(content, delimiter);
	} catch (error) {
		if (error instanceof CsvSyntaxError) throw new ImportFileError('badCsv', error.line);
		throw error;
	}
	const [header, ...rows] = parsed;
	const columns = (header ?? []).map((c) => c.trim());
	if (!columns.includes('id') || !columns.includes('code')) throw new ImportFileError('noHeader');
	return rows.map((cells, index) => ({
		row: index + 1,
		record: recordOfCsv(Object.fromEntries(columns.map((c, k) => [c, cells[k] ?? ''])))
	}));
}

/** A file the importer cannot read at all; `problem` names a message (import.file.*). */
export class ImportFileError extends Error {
	readonly problem: 'notJson' | 'notFeatureCollection' | 'noHeader' | 'badCsv';
	/** Where reading stopped, for a file that is not valid CSV. */
	readonly line: number | null;

	constructor(problem: ImportFileError['problem'], line: number | null = null) {
		super(problem);
		this.name = 'ImportFileError';
		this.problem = problem;
		this.line = line;
	}
}
