import { describe, expect, it } from 'vitest';
import {
	checkIntervention,
	parseInterventionsFile,
	parsePnrrLocalisations
} from '../../src/lib/geodata/interventions.ts';

const context = {
	municipalities: new Set(['046017', '046007', '046026']),
	features: new Map([['bottlenecks/binario-unico', ['046017', '046007']]])
};
const record = (fields: Record<string, unknown> = {}) => ({
	id: 'raddoppio',
	code: 'X-1',
	title_it: 'Raddoppio',
	sources: [{ title: 'Contratto di Programma', url: 'https://example.org/cdp', date: '2025' }],
	...fields
});

describe('checkIntervention', () => {
	it('accepts a record with only what is known, leaving the rest null', () => {
		const checked = checkIntervention(record(), context);
		expect(checked.ok && checked.value).toMatchObject({
			status: null,
			cost_eur: null,
			primary_ambito: null,
			start_date: null,
			funding: []
		});
	});
	it('adds the municipalities of the features it acts on', () => {
		const checked = checkIntervention(
			record({
				municipalities: ['046026'],
				features: [{ layer: 'bottlenecks', id: 'binario-unico', relation: 'resolves' }]
			}),
			context
		);
		expect(checked.ok && checked.value.municipalities).toEqual(['046007', '046017', '046026']);
	});
	it.each([
		[{ cost_eur: 5_000_000 }, 'cost_source', 'a cost needs its source'],
		[{ status: 'done', status_source: 'x' }, 'status', 'must be one of idea, planned'],
		[{ status: 'completed' }, 'status_source', 'a status needs the document that states it'],
		[{ primary_ambito: 9 }, 'primary_ambito', 'must be an ambito code from 1 to 8'],
		[{ start_date: '2026', end_date: '2025' }, 'end_date', 'is before start_date'],
		[{ sources: [] }, 'sources', 'needs at least one public source'],
		[
			{ title_it: null },
			'title_it',
			'is missing (only a project known by its CUP may have no title)'
		],
		[
			{ municipalities: ['048017'] },
			'municipalities.0',
			'048017 is not a municipality of the province'
		],
		[
			{ features: [{ layer: 'bottlenecks', id: 'nowhere', relation: 'resolves' }] },
			'features.0',
			'no feature "nowhere" in layer "bottlenecks"'
		],
		[{ cup: 'J91H0300' }, 'cup', 'must be a 15-character CUP code']
	])('rejects %o naming the field', (fields, field, message) => {
		const checked = checkIntervention(record(fields), context);
		expect(checked.ok).toBe(false);
		if (!checked.ok) {
			expect(checked.field).toBe(field);
			expect(checked.message).toContain(message);
		}
	});
});

describe('parseInterventionsFile', () => {
	it('names file, record and field of the first bad record', () => {
		const text = JSON.stringify({ interventions: [record(), record({ id: 'b', cost_eur: 1 })] });
		expect(() => parseInterventionsFile(text, 'interventions.json', context)).toThrowError(
			'interventions.json, record #1 (b), field "cost_source": a cost needs its source'
		);
	});
	it('rejects duplicate ids', () => {
		const text = JSON.stringify({ interventions: [record(), record()] });
		expect(() => parseInterventionsFile(text, 'interventions.json', context)).toThrowError(
			/record #1 \(raddoppio\), field "id": duplicate id/
		);
	});
});

describe('parsePnrrLocalisations', () => {
	const csv = [
		'CUP,CODICE_PROVINCIA,CODICE_COMUNE,COMUNE',
		'B81B22000710006,046,046028,SERAVEZZA',
		'B81B22000710006,046,046024,PIETRASANTA',
		'C15E22000030006,046,046003,BARGA',
		'Z99Z22000000000,045,045003,CARRARA'
	].join('\n');
	const options = {
		file: 'pnrr.csv',
		province: '046',
		upstream: 'https://example.org',
		date: '2022'
	};
	it('makes one project per CUP of the province, with all its municipalities', () => {
		const projects = parsePnrrLocalisations(csv, options);
		expect(projects.map((p) => [p.code, p.municipalities])).toEqual([
			['B81B22000710006', ['046024', '046028']],
			['C15E22000030006', ['046003']]
		]);
	});
	it('leaves title, amount, status and ambito empty, and links the OpenCUP page', () => {
		const [project] = parsePnrrLocalisations(csv, options);
		expect(project).toMatchObject({
			title_it: null,
			status: null,
			cost_eur: null,
			primary_ambito: null
		});
		expect(project.funding).toEqual([expect.objectContaining({ kind: 'pnrr', amount_eur: null })]);
		expect(project.sources[0].url).toBe(
			'https://www.opencup.gov.it/portale/progetto/-/cup/B81B22000710006'
		);
	});
	it('names the row of a malformed CUP', () => {
		expect(() =>
			parsePnrrLocalisations('CUP,CODICE_PROVINCIA,CODICE_COMUNE\nbad,046,046003', options)
		).toThrowError('pnrr.csv, record row 2, field "CUP": "bad" is not a CUP code');
	});
});
