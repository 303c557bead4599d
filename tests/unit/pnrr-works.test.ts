import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interventionSchema } from '../../src/lib/geodata/interventions.ts';
import {
	hasPnrrWorkColumns,
	parsePnrrWorks,
	withPnrrWorks
} from '../../src/lib/geodata/pnrr-works.ts';

const fixture = (name: string) =>
	readFileSync(path.resolve(import.meta.dirname, '../fixtures/pnrr-works', name), 'utf8');
const municipalities = new Map([
	['046001', 'Alfa'],
	['046002', 'Beta']
]);
const read = (text: string) =>
	parsePnrrWorks(text, { file: 'works.csv', province: '046', municipalities });
const source = { url: 'https://dati.example/pnrr', title: 'Open Data PNRR (ReGiS)' };
const header = 'cup,comune,istat,titolo,fase_regis,importo_finanziato_pnrr_eur,snapshot';

describe('parsePnrrWorks', () => {
	it("reads the province's works, quoted titles included, and leaves other provinces out", () => {
		expect(read(fixture('three-works.csv'))).toEqual([
			{
				cup: 'A12B34000010001',
				istat: '046001',
				title: 'Scuola di prova',
				phase: 'Collaudo avviato',
				pnrrAmountEur: 1_440_000,
				snapshot: '2026-08-11'
			},
			{
				cup: 'A12B34000020001',
				istat: '046002',
				title: 'Teatro "Verdi", efficientamento',
				phase: 'Lavori in esecuzione',
				pnrrAmountEur: 250_000,
				snapshot: '2026-08-11'
			}
		]);
	});
	it('refuses an amount written Italian-style rather than guess it, naming the row', () => {
		expect(() => read(fixture('amount-written-italian-style.csv'))).toThrow(
			/works\.csv, record row 2, field "importo_finanziato_pnrr_eur"/
		);
	});
	it.each([
		[
			'a municipality name that is not the code’s',
			'A12B34000010001,Beta,046001,T,F,1,2026-08-11',
			'comune'
		],
		[
			'a code outside the province’s municipalities',
			'A12B34000010001,Alfa,046099,T,F,1,2026-08-11',
			'istat'
		],
		['a malformed CUP', 'X1,Alfa,046001,T,F,1,2026-08-11', 'cup'],
		['a date that is not a date', 'A12B34000010001,Alfa,046001,T,F,1,11/08/2026', 'snapshot'],
		['an empty phase', 'A12B34000010001,Alfa,046001,T,,1,2026-08-11', 'fase_regis']
	])('stops on %s', (_, row, field) => {
		expect(() => read(`${header}\n${row}`)).toThrow(`field "${field}"`);
	});
	it('stops on a CUP listed twice', () => {
		const row = 'A12B34000010001,Alfa,046001,T,F,1,2026-08-11';
		expect(() => read(`${header}\n${row}\n${row}`)).toThrow(/record row 3, field "cup"/);
	});
	it('stops on a missing column, naming it', () => {
		expect(() => read('cup,comune,istat\nA12B34000010001,Alfa,046001')).toThrow('field "titolo"');
	});
});

describe('hasPnrrWorkColumns', () => {
	it('accepts the columns it reads and refuses a web page or another file', () => {
		expect(hasPnrrWorkColumns(fixture('three-works.csv'))).toBe(true);
		expect(hasPnrrWorkColumns('<!doctype html><html><body>Dataset</body></html>')).toBe(false);
		expect(hasPnrrWorkColumns('CUP,CODICE_PROVINCIA,CODICE_COMUNE\n')).toBe(false);
	});
});

describe('withPnrrWorks', () => {
	const works = read(fixture('three-works.csv'));
	const fromOpenCup = interventionSchema.parse({
		id: 'cup-a12b34000010001',
		code: 'A12B34000010001',
		cup: 'A12B34000010001',
		municipalities: ['046001'],
		funding: [
			{ kind: 'pnrr', amount_eur: null, document: 'OpenCUP', document_url: null, note: null }
		],
		sources: [{ title: 'OpenCUP', url: null, date: null }]
	});
	const [completed, added] = withPnrrWorks([fromOpenCup], works, source);

	it('completes the intervention with the same CUP: title, phase as published, PNRR amount', () => {
		expect(completed).toMatchObject({
			id: 'cup-a12b34000010001',
			title_it: 'Scuola di prova',
			regis_phase: 'Collaudo avviato',
			regis_snapshot: '2026-08-11',
			// A phase is not a status: none is claimed.
			status: null,
			cost_eur: null
		});
		expect(completed.funding).toEqual([
			expect.objectContaining({ kind: 'pnrr', amount_eur: 1_440_000, document_url: source.url })
		]);
		expect(completed.sources.map((s) => s.title)).toEqual([
			'OpenCUP',
			'Open Data PNRR (ReGiS) – rilevazione del 2026-08-11'
		]);
	});
	it('keeps a title the intervention already has', () => {
		const [kept] = withPnrrWorks([{ ...fromOpenCup, title_it: 'Titolo curato' }], works, source);
		expect(kept.title_it).toBe('Titolo curato');
	});
	it('adds the other works, located in their municipality, with no ambito, status or dates', () => {
		expect(added).toMatchObject({
			id: 'cup-a12b34000020001',
			code: 'A12B34000020001',
			title_it: 'Teatro "Verdi", efficientamento',
			municipalities: ['046002'],
			regis_phase: 'Lavori in esecuzione',
			primary_ambito: null,
			status: null,
			start_date: null,
			geometry: null
		});
		expect(added.funding[0].amount_eur).toBe(250_000);
	});
});
