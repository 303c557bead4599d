import { z } from 'zod';
import { parseAmount } from './amount.ts';
import { checkSourcedFacts } from './geodata/interventions.ts';
import { INTERVENTION_STATUSES } from './types.ts';

/** A form field left blank is unknown: null, never an empty string. */
const blank = (value: unknown) =>
	value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
const text = (max: number) =>
	z.preprocess(
		blank,
		z.string({ error: 'problem.text' }).trim().max(max, 'problem.tooLong').nullable()
	);
const partialDate = z.preprocess(
	blank,
	z
		.string({ error: 'problem.date' })
		.trim()
		.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'problem.date')
		.nullable()
);

/** Form fields (all strings) → an intervention's edit; the same rules as the importer's. */
export const interventionEditSchema = z
	.object({
		title_it: text(300),
		description_it: text(10_000),
		status: z.preprocess(
			blank,
			z.enum(INTERVENTION_STATUSES, { error: 'problem.status' }).nullable()
		),
		status_source: text(1000),
		// As people type amounts: 1.250.000,50 or 1250000.50; anything else is refused, not guessed.
		cost_eur: z.preprocess(
			(value) => {
				const v = blank(value);
				return typeof v === 'string' ? parseAmount(v) : v;
			},
			z.number({ error: 'problem.amount' }).nonnegative('problem.amount').nullable()
		),
		cost_source: text(1000),
		start_date: partialDate,
		end_date: partialDate,
		lead_body: text(300),
		// One actor per line.
		actors: z.preprocess(
			(value) =>
				typeof value === 'string'
					? value
							.split('\n')
							.map((line) => line.trim())
							.filter(Boolean)
					: (value ?? []),
			z.array(z.string().max(200, 'problem.tooLong')).max(50, 'problem.tooLong')
		),
		/** The version the person edited (the row's last change, in microseconds). */
		version: z.string({ error: 'problem.missing' }).regex(/^\d+$/, 'problem.invalid')
	})
	.superRefine((value, context) => checkSourcedFacts(value, context));

export type InterventionEdit = z.infer<typeof interventionEditSchema>;
