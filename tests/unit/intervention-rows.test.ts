import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/lib/amount.ts';
import { ImportFileError, readImportRows } from '../../src/lib/geodata/intervention-rows.ts';
import { translate } from '../../src/lib/i18n/index.ts';

describe('parseAmount', () => {
	it.each([
		['1250000', 1_250_000],
		['1250000.50', 1_250_000.5],
		['1.250.000,50', 1_250_000.5],
		['1.250.000', 1_250_000],
		['1250000,50', 1_250_000.5],
		['€ 1.000', 1000]
	])('reads %s', (text, value) => expect(parseAmount(text)).toBe(value));
	it.each(['1,250,000', 'circa 1 milione', '1.25.0', '-5'])('refuses %s', (text) =>
		expect(parseAmount(text)).toBeNaN()
	);
});

describe('readImportRows', () => {
	it('reads a ";" CSV with "|" lists, one funding line and one source', () => {
		const [row] = readImportRows(
			'id;code;title_it;secondary_ambiti;municipalities;features;funding_kind;funding_amount_eur;funding_document;source_title;lon;lat\n' +
				'a;A-1;Titolo;2| 3;046017|046007;bottlenecks/b:resolves;pnrr;1.000,00;Decreto;Fonte;10,5;43,8',
			'csv'
		);
		expect(row.row).toBe(1);
		expect(row.record).toMatchObject({
			id: 'a',
			secondary_ambiti: [2, 3],
			municipalities: ['046017', '046007'],
			features: [{ layer: 'bottlenecks', id: 'b', relation: 'resolves' }],
			funding: [{ kind: 'pnrr', amount_eur: 1000, document: 'Decreto' }],
			sources: [{ title: 'Fonte', url: null, date: null }],
			geometry: { type: 'Point', coordinates: [10.5, 43.8] }
		});
	});
	it('keeps an unreadable amount as NaN so validation rejects it', () => {
		const [row] = readImportRows('id,code,cost_eur\na,A,circa un milione', 'csv');
		expect(row.record.cost_eur).toBeNaN();
	});
	it('refuses a file that is not CSV, naming the line, in the user language', () => {
		const read = () => readImportRows('id,code,title_it\na,A,"Titolo senza fine\nb,B,x', 'csv');
		expect(read).toThrow(ImportFileError);
		try {
			read();
		} catch (error) {
			const problem = error as ImportFileError;
			expect(problem.problem).toBe('badCsv');
			expect(translate('it', 'import.file.badCsv', { line: String(problem.line) })).toMatch(
				/^Il file non è un CSV leggibile \(riga \d+\)/
			);
		}
	});
});
