import { parseCsvFile } from './csv.ts';
import { GeodataError } from './errors.ts';

/**
 * Parses an ISTAT residents CSV (`pro_com,pop_res_2021`, the code as a number) into a map from
 * 6-digit ISTAT code to residents, keeping only the given province.
 */
export function parsePopulationCsv(
	text: string,
	options: { file: string; province: string }
): Map<string, number> {
	const { file, province } = options;
	const [first, ...rows] = parseCsvFile(text, file);
	if (!first) throw new GeodataError(file, 'empty file');
	const header = first.map((h) => h.trim());
	const codeColumn = header.indexOf('pro_com');
	const populationColumn = header.findIndex((h) => /^pop_res_\d{4}$/.test(h));
	if (codeColumn < 0)
		throw new GeodataError(file, 'no "pro_com" column', { record: 'header', field: 'pro_com' });
	if (populationColumn < 0) {
		throw new GeodataError(file, 'no "pop_res_YYYY" column', {
			record: 'header',
			field: 'pop_res_YYYY'
		});
	}

	const residents = new Map<string, number>();
	rows.forEach((row, index) => {
		const cells = row.map((c) => c.trim());
		const record = `line ${index + 2}`;
		const code = cells[codeColumn];
		if (!/^\d{4,6}$/.test(code ?? '')) {
			throw new GeodataError(file, `"${code}" is not an ISTAT municipality code`, {
				record,
				field: 'pro_com'
			});
		}
		const istat = code.padStart(6, '0');
		if (!istat.startsWith(province)) return;
		const value = Number(cells[populationColumn]);
		if (!Number.isInteger(value) || value < 0) {
			throw new GeodataError(file, `"${cells[populationColumn]}" is not a count of residents`, {
				record,
				field: header[populationColumn]
			});
		}
		if (residents.has(istat)) {
			throw new GeodataError(file, `duplicate ISTAT code ${istat}`, { record, field: 'pro_com' });
		}
		residents.set(istat, value);
	});
	return residents;
}
