import { z } from 'zod';
import { drawnGeometrySchema } from './proposals.ts';
import { hasNoNul } from './text.ts';

/** The categories a stakeholder picks from (the database maps each to the ambito it suggests). */
export const OBSERVATION_CATEGORIES = [
	'infrastructure',
	'broadband',
	'environment',
	'business',
	'tourism',
	'other'
] as const;
export type ObservationCategory = (typeof OBSERVATION_CATEGORIES)[number];

export const OBSERVATION_STATUSES = ['open', 'in_proposal', 'answered'] as const;

/** The reasons a moderator gives, from a fixed list (free text goes beside). */
export const MODERATION_REASONS = [
	'offensive',
	'personal_data',
	'spam',
	'off_topic',
	'illegal'
] as const;

/**
 * Text is plain text: a tag-like sequence ("<b", "</", "<!", "<?") is refused rather than
 * escaped or stripped, so what is stored is what the author wrote and nothing reads as markup.
 * The database holds the same rule (public.is_plain_text).
 */
export const isPlainText = (value: string): boolean => !/<[A-Za-z/!?]/.test(value);

export const plainText = (max: number) =>
	z
		.string({ error: 'problem.missing' })
		.trim()
		.min(1, 'problem.empty')
		.max(max, 'problem.tooLong')
		.refine(hasNoNul, 'problem.nul')
		.refine(isPlainText, 'problem.markup');

/** What a stakeholder sends to post an observation. */
export const observationInputSchema = z.object({
	title: plainText(200),
	body: plainText(5000),
	category: z.enum(OBSERVATION_CATEGORIES, { error: 'problem.category' }),
	geometry: drawnGeometrySchema
});
export type ObservationInput = z.infer<typeof observationInputSchema>;

/** The author's edit within 30 minutes: the same fields, and the version it was read at. */
export const observationEditSchema = observationInputSchema.extend({
	version: z.number({ error: 'problem.invalid' }).int('problem.invalid').min(1, 'problem.invalid')
});
export type ObservationEdit = z.infer<typeof observationEditSchema>;

/** How long the author may edit an observation after posting it (the database holds the same). */
export const AUTHOR_EDIT_MINUTES = 30;

/** A comment or reply on an observation, a proposal or an intervention. */
export const commentInputSchema = z.object({
	body: plainText(4000),
	parent_id: z.number().int().positive('problem.invalid').nullable().default(null)
});

/** A moderator's decision: hide with a reason from the list (and a note), or restore. */
export const moderationInputSchema = z.discriminatedUnion(
	'action',
	[
		z.object({
			action: z.literal('hide'),
			reason: z.enum(MODERATION_REASONS, { error: 'problem.reason' }),
			note: plainText(2000).nullable().default(null)
		}),
		z.object({ action: z.literal('restore'), note: plainText(2000).nullable().default(null) })
	],
	{ error: 'problem.moderationAction' }
);

/** Per category: how many observations are open, taken into a proposal, answered, and their supports. */
export interface ObservationTally {
	category: string;
	open: number;
	in_proposal: number;
	answered: number;
	total: number;
	supports: number;
}

/**
 * What the territory asked, counted by category in the categories' own order (those with none
 * left out), with a last row for all of them together.
 */
export function tallyObservations(
	observations: {
		category: string;
		status: 'open' | 'in_proposal' | 'answered';
		supports: number;
	}[]
): { rows: ObservationTally[]; all: ObservationTally } {
	const empty = (category: string): ObservationTally => ({
		category,
		open: 0,
		in_proposal: 0,
		answered: 0,
		total: 0,
		supports: 0
	});
	const rows = new Map<string, ObservationTally>(OBSERVATION_CATEGORIES.map((c) => [c, empty(c)]));
	const all = empty('all');
	for (const o of observations) {
		const row = rows.get(o.category) ?? empty(o.category);
		for (const tally of [row, all]) {
			tally[o.status] += 1;
			tally.total += 1;
			tally.supports += o.supports;
		}
		rows.set(o.category, row);
	}
	return { rows: [...rows.values()].filter((r) => r.total > 0), all };
}
