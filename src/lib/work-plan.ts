import { z } from 'zod';

/** A quarter's plan is named by its quarter: 2026-Q4. */
export const quarterIdSchema = z.string().regex(/^20\d{2}-Q[1-4]$/, 'problem.quarter');

const isoDate = z
	.string({ error: 'problem.fullDate' })
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'problem.fullDate')
	.refine(
		(d) =>
			!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
			new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
		'problem.fullDate'
	);
const text = (max: number) =>
	z
		.string({ error: 'problem.text' })
		.trim()
		.min(1, 'problem.empty')
		.max(max, 'problem.tooLong')
		.refine((t) => !t.includes('\0'), 'problem.text');
/** Euros, as a JSON number; unknown is null, never zero. */
const amount = z
	.number({ error: 'problem.amount' })
	.nonnegative('problem.amount')
	.max(1e12, 'problem.amount')
	.nullable();
const interventionId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'problem.intervention');
const uuid = z.uuid('problem.invalid');

/** The first and last day of a quarter (2026-Q4: 2026-10-01 to 2026-12-31). */
export function quarterBounds(id: string): { starts: string; ends: string } {
	const year = Number(id.slice(0, 4));
	const quarter = Number(id.slice(6, 7));
	const starts = new Date(Date.UTC(year, (quarter - 1) * 3, 1));
	const ends = new Date(Date.UTC(year, quarter * 3, 0));
	return { starts: starts.toISOString().slice(0, 10), ends: ends.toISOString().slice(0, 10) };
}

/** A draft's content as the comitato operativo saves it, from the version it read. */
export const workPlanContentSchema = z.object({
	version: z.number({ error: 'problem.invalid' }).int().positive('problem.invalid'),
	summary_it: text(4000).nullable().default(null),
	items: z
		.array(
			z.object({
				phase: text(200),
				ambito: z
					.number({ error: 'problem.ambito' })
					.int()
					.min(1, 'problem.ambito')
					.max(8, 'problem.ambito'),
				interventions: z
					.array(z.object({ id: interventionId, expected_spend_eur: amount.default(null) }))
					.max(50, 'problem.tooMany')
					.default([]),
				milestones: z
					.array(
						z.object({
							title: text(300),
							due_on: isoDate,
							owner_body: text(200),
							intervention_id: interventionId.nullable().default(null)
						})
					)
					.max(50, 'problem.tooMany')
					.default([])
			})
		)
		.max(40, 'problem.tooMany')
});
export type WorkPlanContent = z.infer<typeof workPlanContentSchema>;

/** Adoption by the cabina di regia, or closing with what happened to each milestone. */
export const workPlanTransitionSchema = z.discriminatedUnion(
	'to',
	[
		z.object({ to: z.literal('adopted'), version: z.number().int().positive() }),
		z.object({
			to: z.literal('closed'),
			version: z.number().int().positive(),
			milestones: z
				.array(
					z.object({
						id: uuid,
						outcome: z.enum(['done', 'late', 'dropped'], { error: 'problem.outcome' }),
						outcome_on: isoDate.nullable().default(null),
						outcome_note: text(2000).nullable().default(null)
					})
				)
				.max(2000),
			spends: z
				.array(
					z.object({
						item_id: uuid,
						intervention_id: interventionId,
						actual_spend_eur: amount.unwrap(),
						actual_spend_source: text(500)
					})
				)
				.max(2000)
				.default([])
		})
	],
	{ error: 'problem.transition' }
);
export type WorkPlanTransition = z.infer<typeof workPlanTransitionSchema>;
