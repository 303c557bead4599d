import { describe, expect, it } from 'vitest';
import { parsePopulationCsv } from '../../src/lib/geodata/population.ts';

const parse = (text: string) => parsePopulationCsv(text, { file: 'pop.csv', province: '046' });

describe('parsePopulationCsv', () => {
	it('pads numeric codes to 6 digits and keeps only the province', () => {
		const residents = parse('pro_com,pop_res_2021\n46001,15529\n45001,9000\n46017,88397\n');
		expect([...residents]).toEqual([
			['046001', 15529],
			['046017', 88397]
		]);
	});
	it('accepts a BOM, CRLF line ends and quoted cells', () => {
		expect([...parse('\uFEFF"pro_com","pop_res_2021"\r\n"46001","15529"\r\n')]).toEqual([
			['046001', 15529]
		]);
	});
	it('names the file, line and field of a non-numeric count', () => {
		expect(() => parse('pro_com,pop_res_2021\n46001,15529\n46002,n/d\n')).toThrowError(
			'pop.csv, record line 3, field "pop_res_2021": "n/d" is not a count of residents'
		);
	});
	it('rejects a file without the code column', () => {
		expect(() => parse('codice,pop_res_2021\n46001,1\n')).toThrowError(
			/field "pro_com": no "pro_com" column/
		);
	});
	it('rejects duplicate codes', () => {
		expect(() => parse('pro_com,pop_res_2021\n46001,1\n46001,2\n')).toThrowError(
			/duplicate ISTAT code 046001/
		);
	});
});
