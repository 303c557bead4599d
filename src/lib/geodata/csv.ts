import { CsvError, parse } from 'csv-parse/sync';
import { GeodataError } from './errors.ts';

/** A CSV file that cannot be read as CSV (an unclosed quote, a stray quote inside a field). */
export class CsvSyntaxError extends Error {
	/** The line of the file where reading stopped (1 = first line). */
	readonly line: number;

	constructor(message: string, line: number) {
		super(message);
		this.name = 'CsvSyntaxError';
		this.line = line;
	}
}

/**
 * Parses CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, optional BOM) into rows of
 * cells with csv-parse; rows may have fewer cells than the header, blank rows are dropped.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
	try {
		const rows = parse(text, {
			delimiter,
			bom: true,
			relax_column_count: true,
			skip_empty_lines: true
		}) as string[][];
		return rows.filter((row) => row.some((cell) => cell.trim() !== ''));
	} catch (error) {
		if (error instanceof CsvError)
			throw new CsvSyntaxError(error.message, (error as CsvError & { lines?: number }).lines ?? 0);
		throw error;
	}
}

/** `parseCsv` for a file of the geodata build: a syntax error names the file and the line. */
export function parseCsvFile(text: string, file: string, delimiter = ','): string[][] {
	try {
		return parseCsv(text, delimiter);
	} catch (error) {
		if (error instanceof CsvSyntaxError)
			throw new GeodataError(file, `not readable as CSV: ${error.message}`, {
				record: `line ${error.line}`
			});
		throw error;
	}
}
