import { describe, expect, it } from 'vitest';
import { interventionEditSchema } from '../../src/lib/intervention-edit.ts';

/** The first problem zod finds: [field, message key]. */
const problem = (fields: Record<string, string>) => {
	const parsed = interventionEditSchema.safeParse({ version: '1', ...fields });
	return parsed.success
		? null
		: [String(parsed.error.issues[0].path[0]), parsed.error.issues[0].message];
};

describe('interventionEditSchema', () => {
	it('reads blank fields as unknown (null), never as empty text', () => {
		const edit = interventionEditSchema.parse({
			version: '1',
			title_it: ' ',
			status: '',
			cost_eur: '',
			actors: ''
		});
		expect(edit).toMatchObject({ title_it: null, status: null, cost_eur: null, actors: [] });
	});

	it('reads amounts as Italians and spreadsheets write them', () => {
		const cost = (text: string) =>
			interventionEditSchema.parse({ version: '1', cost_eur: text, cost_source: 'Delibera' })
				.cost_eur;
		expect(cost('1.250.000,50')).toBe(1250000.5);
		expect(cost('1250000.50')).toBe(1250000.5);
		expect(cost('€ 800')).toBe(800);
	});

	it('refuses an amount it would have to guess', () => {
		expect(problem({ cost_eur: '1,250,000', cost_source: 'Delibera' })).toEqual([
			'cost_eur',
			'problem.amount'
		]);
	});

	it('asks for the document behind a status and behind a cost', () => {
		expect(problem({ status: 'financed' })).toEqual(['status_source', 'problem.statusNeedsSource']);
		expect(problem({ cost_eur: '1000' })).toEqual(['cost_source', 'problem.costNeedsSource']);
	});

	it('refuses an unknown status and an end before the start', () => {
		expect(problem({ status: 'approvato' })).toEqual(['status', 'problem.status']);
		expect(problem({ start_date: '2027', end_date: '2026-12' })).toEqual([
			'end_date',
			'problem.endBeforeStart'
		]);
		expect(problem({ start_date: '03/2026' })).toEqual(['start_date', 'problem.date']);
	});

	it('keeps one actor per line', () => {
		expect(
			interventionEditSchema.parse({ version: '1', actors: ' Provincia \n\n Comune di Lucca' })
				.actors
		).toEqual(['Provincia', 'Comune di Lucca']);
	});
});
