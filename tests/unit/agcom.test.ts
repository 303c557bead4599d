import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	ftthHouseholdShare,
	parseAgcomReport,
	snapshotDateFromFileName
} from '../../src/lib/geodata/agcom.ts';
import { parseCsv } from '../../src/lib/geodata/csv.ts';

const fixture = readFileSync(
	path.resolve(import.meta.dirname, '../fixtures/parse-agcom-report/two-snapshots-header.csv'),
	'utf8'
);

describe('parseCsv', () => {
	it('handles quoted cells with commas and doubled quotes', () => {
		expect(parseCsv('a,"b, c","d ""e"""\r\n1,2,3')).toEqual([
			['a', 'b, c', 'd "e"'],
			['1', '2', '3']
		]);
	});
});

describe('parseAgcomReport', () => {
	it('stops on a file that is not CSV, naming the file and the line', () => {
		expect(() =>
			parseAgcomReport('pro_com,x\n46001,"unclosed\n', { file: 'broken.csv', province: '046' })
		).toThrow(/broken\.csv, record line \d+.*not readable as CSV/);
	});

	const records = parseAgcomReport(fixture, { file: 'r.csv', province: '046' });

	it('keeps the province, pads codes, maps the columns by header', () => {
		expect(records.map((r) => r.istat)).toEqual(['046001', '046002', '046003']);
		expect(records[0]).toEqual({
			istat: '046001',
			cellsFixed: 100,
			addressesFixed: 500,
			cellsFtth: 40,
			addressesFtth: 200,
			cellsFttc: 50,
			householdsResident: 1000,
			householdsFtth: 400
		});
	});
	it('keeps empty cells as unknown, not zero', () => {
		expect(records[1].addressesFtth).toBeNull();
		expect(records[1].householdsFtth).toBeNull();
		expect(records[1].cellsFtth).toBe(0);
	});
	it('names the file, line and column of a bad count', () => {
		const broken = fixture.replace('46001,100,900', '46001,cento,900');
		expect(() => parseAgcomReport(broken, { file: 'r.csv', province: '046' })).toThrowError(
			'r.csv, record line 2 (046001), field "Celle 20m x 20m raggiunte": "cento" is not a count'
		);
	});
	it('rejects a file that lacks a column, naming it', () => {
		const broken = fixture.replace('Famiglie Residenti (calcolato)', 'Famiglie');
		expect(() => parseAgcomReport(broken, { file: 'r.csv', province: '046' })).toThrowError(
			/field "householdsResident"/
		);
	});
	it('rejects a snapshot without the province', () => {
		expect(() => parseAgcomReport(fixture, { file: 'r.csv', province: '047' })).toThrowError(
			/no municipality of province 047/
		);
	});
});

describe('snapshotDateFromFileName', () => {
	it('reads the date from the official file name', () => {
		expect(snapshotDateFromFileName('Reportistica_250630_Comuni.csv')).toBe('2025-06-30');
		expect(snapshotDateFromFileName('/x/Reportistica_251231_Comuni.csv')).toBe('2025-12-31');
		expect(snapshotDateFromFileName('Reportistica_Comuni.csv')).toBeUndefined();
		expect(snapshotDateFromFileName('Reportistica_251332_Comuni.csv')).toBeUndefined();
	});
});

describe('ftthHouseholdShare', () => {
	it('is households reached / resident households, in percent', () => {
		expect(ftthHouseholdShare({ householdsResident: 1000, householdsFtth: 400 }, 2300)).toEqual({
			value: 40,
			reliability: 'ok'
		});
	});
	it('is unreliable for an implausible household count (Massarosa: 15 households, ~22,000 residents)', () => {
		expect(ftthHouseholdShare({ householdsResident: 15, householdsFtth: 9 }, 22_000)).toEqual({
			value: null,
			reliability: 'unreliable'
		});
	});
	it('is unreliable when more households are reached than live there', () => {
		expect(
			ftthHouseholdShare({ householdsResident: 10, householdsFtth: 11 }, null).reliability
		).toBe('unreliable');
	});
	it('is unavailable when the report leaves a figure empty', () => {
		expect(ftthHouseholdShare({ householdsResident: 800, householdsFtth: null }, 2000)).toEqual({
			value: null,
			reliability: 'unavailable'
		});
	});
});
