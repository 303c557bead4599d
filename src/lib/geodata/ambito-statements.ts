import { z } from 'zod';
import { GeodataError, parseJsonFile } from './errors.ts';

/** Where a statement comes from: a public document with its date. */
const sourceSchema = z.object({
	title: z.string().min(1),
	url: z.url(),
	date: z.iso.date(),
	/** The document's own terms; the statement is the atlas editors' wording, not a copy. */
	licence: z.string().min(1)
});

const statementSchema = z.object({
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens'),
	ambito: z.number().int().min(1).max(8),
	kind: z.enum(['context', 'strength', 'weakness']),
	text_it: z.string().trim().min(1).max(1000),
	text_en: z.string().trim().min(1).max(1000),
	source: z.string().min(1),
	/** quotation: the source's words; summary: the atlas editors' summary of what it says. */
	precision: z.enum(['quotation', 'summary'])
});

const fileSchema = z.object({
	sources: z.record(z.string(), z.unknown()),
	statements: z.array(z.unknown())
});

export interface AmbitoStatement {
	id: string;
	ambito: number;
	kind: 'context' | 'strength' | 'weakness';
	text: { it: string; en: string };
	source: z.infer<typeof sourceSchema>;
	precision: 'quotation' | 'summary';
	/** Its place among its ambito's statements of the same kind, as the file orders them. */
	position: number;
}

/** Parses geodata/curated/<province>/ambito-statements.json: each statement names its source. */
export function parseAmbitoStatements(text: string, file: string): AmbitoStatement[] {
	const parsed = fileSchema.safeParse(parseJsonFile(text, file));
	if (!parsed.success)
		throw new GeodataError(file, 'needs a "sources" object and a "statements" list');
	const sources = new Map<string, z.infer<typeof sourceSchema>>();
	for (const [key, raw] of Object.entries(parsed.data.sources)) {
		const source = sourceSchema.safeParse(raw);
		if (!source.success) {
			const issue = source.error.issues[0];
			throw new GeodataError(file, issue.message, {
				record: `source ${key}`,
				field: issue.path.join('.')
			});
		}
		sources.set(key, source.data);
	}
	const seen = new Set<string>();
	const positions = new Map<string, number>();
	return parsed.data.statements.map((raw, index) => {
		const named = raw as { id?: unknown };
		const record = `#${index}${typeof named?.id === 'string' ? ` (${named.id})` : ''}`;
		const statement = statementSchema.safeParse(raw);
		if (!statement.success) {
			const issue = statement.error.issues[0];
			throw new GeodataError(file, issue.message, { record, field: issue.path.join('.') });
		}
		const { id, ambito, kind, text_it, text_en, precision } = statement.data;
		if (seen.has(id)) throw new GeodataError(file, `repeats id ${id}`, { record, field: 'id' });
		seen.add(id);
		const source = sources.get(statement.data.source);
		if (!source)
			throw new GeodataError(file, `names no source of "sources"`, { record, field: 'source' });
		const group = `${ambito}/${kind}`;
		const position = positions.get(group) ?? 0;
		positions.set(group, position + 1);
		return { id, ambito, kind, text: { it: text_it, en: text_en }, source, precision, position };
	});
}
