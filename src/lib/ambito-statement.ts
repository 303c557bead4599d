import { z } from 'zod';

/** A form field left blank is unknown: null, never an empty string. */
const blank = (value: unknown) =>
	value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
const required = (max: number) =>
	z
		.string({ error: 'problem.empty' })
		.trim()
		.min(1, 'problem.empty')
		.max(max, 'problem.tooLong')
		.refine((text) => !text.includes('\0'), 'problem.text');
const optional = (max: number) => z.preprocess(blank, required(max).nullable());

/** Form fields (all strings) → a reviewer's statement on an ambito, with its source. */
export const statementEditSchema = z.object({
	kind: z.enum(['context', 'strength', 'weakness'], { error: 'problem.statementKind' }),
	text_it: required(1000),
	text_en: optional(1000),
	source_title: required(300),
	source_url: z.preprocess(
		blank,
		z
			.string()
			.trim()
			.regex(/^https?:\/\/\S+$/, 'problem.url')
			.max(2000, 'problem.tooLong')
			.nullable()
	),
	// A statement's source has a full date: when the document said it.
	source_date: z
		.string({ error: 'problem.fullDate' })
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'problem.fullDate')
		.refine(
			(d) =>
				!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
				new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
			'problem.fullDate'
		),
	precision: z.enum(['quotation', 'summary'], { error: 'problem.precision' })
});

export type StatementEdit = z.infer<typeof statementEditSchema>;

/** The version the reviewer read, sent back with a change or a removal. */
export const statementVersionSchema = z.object({
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'problem.invalid'),
	version: z.coerce.number({ error: 'problem.invalid' }).int().positive('problem.invalid')
});

/** An ambito's code from an address (1 to 8), or null for anything else. */
export const ambitoCodeOf = (value: string): number | null =>
	/^[1-8]$/.test(value) ? Number(value) : null;
