import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { dissolve, parseDistricts } from '../../src/lib/geodata/districts.ts';
import { geodesicAreaKm2 } from '../../src/lib/geodata/municipalities.ts';

const cell = (w: number, s: number): MultiPolygon => ({
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[w, s],
				[w + 0.1, s],
				[w + 0.1, s + 0.1],
				[w, s + 0.1],
				[w, s]
			]
		]
	]
});
const municipalities = [
	{ istat: '046001', geometry: cell(10.4, 43.8) },
	{ istat: '046002', geometry: cell(10.5, 43.8) },
	{ istat: '046003', geometry: cell(10.8, 43.8) }
];

const district = (extra: Record<string, unknown> = {}) => ({
	id: 'distretto-test',
	name: 'Distretto di prova',
	sector: 'paper',
	members: ['046001', '046002'],
	members_outside_province: [],
	key_figures: [],
	source: 'https://example.org/distretto',
	source_date: null,
	licence: 'fatti',
	licence_en: 'facts',
	precision: 'schematic',
	owner: 'Fonte',
	owner_en: 'Fonte',
	...extra
});
const parse = (...districts: unknown[]) =>
	parseDistricts(JSON.stringify({ districts }), {
		file: 'districts.json',
		province: '046',
		municipalities
	});

describe('dissolve', () => {
	it('merges neighbouring municipalities into one polygon of the same total area', () => {
		const merged = dissolve([cell(10.4, 43.8), cell(10.5, 43.8)]);
		expect(merged.coordinates).toHaveLength(1);
		expect(geodesicAreaKm2(merged)).toBeCloseTo(
			geodesicAreaKm2(cell(10.4, 43.8)) + geodesicAreaKm2(cell(10.5, 43.8)),
			3
		);
	});
	it('keeps separate parts for municipalities that do not touch', () => {
		expect(dissolve([cell(10.4, 43.8), cell(10.8, 43.8)]).coordinates).toHaveLength(2);
	});
});

describe('parseDistricts', () => {
	it('draws a district from its members', () => {
		const [{ district: d, geometry }] = parse(district());
		expect(d.members).toEqual(['046001', '046002']);
		expect(geometry.coordinates).toHaveLength(1);
	});
	it('rejects a member that is not a municipality of the province', () => {
		expect(() => parse(district({ members: ['046001', '047012'] }))).toThrowError(
			'districts.json, record #0 (distretto-test), field "members": 047012 is not a municipality of province 046'
		);
	});
	it('rejects a district without a source, or a key figure without one', () => {
		expect(() => parse(district({ source: undefined }))).toThrowError(/field "source": is missing/);
		expect(() => parse(district({ key_figures: [{ it: 'x', en: 'x', year: 2020 }] }))).toThrowError(
			/field "key_figures\.0\.source"/
		);
	});
});
