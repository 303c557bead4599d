import { describe, expect, it } from 'vitest';
import { compareTo, median } from '../../src/lib/national-comparison.ts';
import { pnrrLocalisationRows } from '../../src/lib/geodata/interventions.ts';
import {
	countPnrrProjects,
	joinNationalContext,
	parseProvinceBoundaries
} from '../../src/lib/geodata/national.ts';
import type { MunicipalityBoundary } from '../../src/lib/geodata/municipalities.ts';

const HEADER =
	'CUP,CODICE_STATO,STATO,CODICE_AREA_GEOGRAFICA,AREA_GEOGRAFICA,CODICE_REGIONE,REGIONE,CODICE_PROVINCIA,SIGLA_PROVINCIA,PROVINCIA,CODICE_COMUNE,COMUNE';
const row = (cup: string, province: string, municipality: string) =>
	`${cup},5,ITALIA,C,CENTRO,09,TOSCANA,${province},LU,LUCCA,${municipality},X`;

describe('median and percentile', () => {
	it('take the middle of an odd or even group, and nothing of an empty one', () => {
		expect(median([1, 2, 9])).toBe(2);
		expect(median([1, 2, 4, 9])).toBe(3);
		expect(median([])).toBeNull();
	});

	it('count only strictly lower values, so ties do not flatter a municipality', () => {
		expect(compareTo([0, 0, 0, 1, 5], 0)).toEqual({ median: 0, percentile: 0, count: 5 });
		expect(compareTo([0, 0, 0, 1, 5], 1)).toEqual({ median: 0, percentile: 60, count: 5 });
		expect(compareTo([0, 0, 0, 1, 5], 6).percentile).toBe(100);
	});

	it('say nothing of an unknown value', () => {
		expect(compareTo([1, 2, 3], null)).toEqual({ median: 2, percentile: null, count: 3 });
	});
});

describe('PNRR projects per municipality', () => {
	it('counts distinct CUPs, and a project located in a whole province in none of its municipalities', () => {
		const rows = pnrrLocalisationRows(
			[
				HEADER,
				row('A11B21000000001', '046', '046017'),
				row('A11B21000000001', '046', '046017'),
				row('A11B21000000002', '046', '046017'),
				row('A11B21000000002', '046', '046007'),
				row('A11B21000000003', '059', '-1')
			].join('\n'),
			'p.csv'
		);
		expect(Object.fromEntries(countPnrrProjects(rows))).toEqual({ '046017': 2, '046007': 1 });
	});

	it('names the row and field of a bad code', () => {
		expect(() =>
			pnrrLocalisationRows([HEADER, row('A11B21000000001', '046', '46x')].join('\n'), 'p.csv')
		).toThrowError('p.csv, record row 2, field "CODICE_COMUNE": "00046x" is not an ISTAT code');
	});
});

describe('the national boundaries', () => {
	it('read an abolished province published as an empty GeometryCollection as no municipality', () => {
		const text = '{"type":"GeometryCollection", "geometries": [\n\n]}';
		expect(parseProvinceBoundaries(text, { file: 'p104.geojson', province: '104' })).toEqual([]);
	});

	const square = (istat: string): MunicipalityBoundary => ({
		istat,
		name: `M${istat}`,
		province: istat.slice(0, 3),
		provinceName: 'P',
		region: '09',
		regionName: 'Toscana',
		areaKm2: 1,
		geometry: {
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[10, 43],
						[10.1, 43],
						[10.1, 43.1],
						[10, 43.1],
						[10, 43]
					]
				]
			]
		}
	});
	const record = (
		istat: string,
		householdsResident: number | null,
		householdsFtth: number | null
	) => ({
		istat,
		cellsFixed: null,
		addressesFixed: null,
		cellsFtth: null,
		addressesFtth: null,
		cellsFttc: null,
		householdsResident,
		householdsFtth
	});

	it('join coverage under the reliability rule, and list report codes without a boundary', () => {
		const joined = joinNationalContext({
			boundaries: [square('046001'), square('050001'), square('050002')],
			broadband: [record('046001', 15, 10), record('050001', 200, 50), record('999999', 1, 1)],
			broadbandSnapshot: '2025-06-30',
			pnrrProjects: new Map([['050001', 3]]),
			// Residents known only in the province: 15 households for 5,000 residents is implausible.
			residents: new Map([['046001', 5000]]),
			file: 'national'
		});
		expect(
			joined.municipalities.map((m) => [m.istat, m.ftthShare, m.ftthReliability, m.pnrrProjects])
		).toEqual([
			['046001', null, 'unreliable', 0],
			['050001', 25, 'ok', 3],
			['050002', null, 'unavailable', 0]
		]);
		expect(joined.unmatchedBroadband).toEqual(['999999']);
	});
});
