import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAmbitoStatements } from '../../src/lib/geodata/ambito-statements.ts';
import { statementEditSchema } from '../../src/lib/ambito-statement.ts';

const FILE = path.resolve(import.meta.dirname, '../../geodata/curated/046/ambito-statements.json');
const source = {
	title: 'Documento',
	url: 'https://example.org/d',
	date: '2020-08-03',
	licence: 'riassunto'
};
const statement = {
	id: 'uno',
	ambito: 1,
	kind: 'weakness',
	text_it: 'Testo',
	text_en: 'Text',
	source: 'doc',
	precision: 'summary'
};
const parse =
	(statements: unknown[], sources: Record<string, unknown> = { doc: source }) =>
	() =>
		parseAmbitoStatements(JSON.stringify({ sources, statements }), 'prova.json');

describe('parseAmbitoStatements', () => {
	it('reads the curated file: every statement has a dated source and a place in its group', () => {
		const statements = parseAmbitoStatements(readFileSync(FILE, 'utf8'), FILE);
		expect(statements.length).toBeGreaterThan(0);
		for (const s of statements) {
			expect(s.source.url).toMatch(/^https:\/\//);
			expect(s.source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
		const weaknessesOfOne = statements.filter((s) => s.ambito === 1 && s.kind === 'weakness');
		expect(weaknessesOfOne.map((s) => s.position)).toEqual(weaknessesOfOne.map((_, i) => i));
	});

	it.each([
		['an unknown source', [{ ...statement, source: 'altro' }], /record #0 \(uno\), field "source"/],
		['an ambito outside 1–8', [{ ...statement, ambito: 9 }], /field "ambito"/],
		['a kind the plan does not use', [{ ...statement, kind: 'opportunity' }], /field "kind"/],
		['a repeated id', [statement, statement], /record #1 \(uno\), field "id": repeats id uno/]
	])('refuses %s, naming the record and the field', (_, statements, message) => {
		expect(parse(statements)).toThrow(message);
	});

	it('refuses a source without a date', () => {
		expect(parse([statement], { doc: { ...source, date: 'agosto 2020' } })).toThrow(
			/record source doc, field "date"/
		);
	});
});

describe('statementEditSchema', () => {
	const form = {
		kind: 'strength',
		text_it: 'Testo',
		source_title: 'Fonte',
		source_url: '',
		source_date: '2026-02-28',
		precision: 'quotation'
	};
	it('takes a blank English text and address as unknown', () => {
		expect(statementEditSchema.parse({ ...form, text_en: '  ' })).toMatchObject({
			text_en: null,
			source_url: null
		});
	});
	it.each([
		['source_date', '2026-02-30', 'problem.fullDate'],
		['source_date', '2026', 'problem.fullDate'],
		['source_url', 'javascript:alert(1)', 'problem.url'],
		['text_it', '   ', 'problem.empty'],
		['kind', 'opportunity', 'problem.statementKind']
	])('refuses %s «%s» with %s', (field, value, problem) => {
		const parsed = statementEditSchema.safeParse({ ...form, [field]: value });
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues[0].message).toBe(problem);
	});
});
