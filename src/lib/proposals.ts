import type { Geometry, Position } from 'geojson';
import { z } from 'zod';
import { hasNoNul } from './text.ts';

/** The province's bounding box grown by this many degrees: drawings stay near the province. */
export const BBOX_MARGIN_DEGREES = 0.1;
export const MAX_VERTICES = 10_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The largest estimate the database's numeric(16, 2) holds. */
export const MAX_ESTIMATED_COST_EUR = 99_999_999_999_999.98;

/** Every position of a geometry, rings and parts flattened. */
export const positionsOf = (geometry: Geometry): Position[] => {
	switch (geometry.type) {
		case 'Point':
			return [geometry.coordinates];
		case 'MultiPoint':
		case 'LineString':
			return geometry.coordinates;
		case 'MultiLineString':
		case 'Polygon':
			return geometry.coordinates.flat();
		case 'MultiPolygon':
			return geometry.coordinates.flat(2);
		default:
			return [];
	}
};

/** Longitude and latitude; a third value (an elevation, as GIS exports carry) is dropped. */
const position = z
	.tuple([z.number().finite(), z.number().finite()])
	.rest(z.number())
	.transform(([lon, lat]): [number, number] => [lon, lat]);
const ring = z
	.array(position)
	.min(4, 'problem.polygonTooFewPoints')
	.refine((r) => r[0][0] === r.at(-1)![0] && r[0][1] === r.at(-1)![1], 'problem.polygonNotClosed');

/** A drawn geometry: a point, a line of 2+ points or a closed polygon ring of 4+ positions. */
export const drawnGeometrySchema = z.discriminatedUnion(
	'type',
	[
		z.object({ type: z.literal('Point'), coordinates: position }),
		z.object({
			type: z.literal('LineString'),
			coordinates: z.array(position).min(2, 'problem.lineTooFewPoints')
		}),
		z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) })
	],
	{ error: 'problem.geometry' }
);

const text = (max: number) =>
	z
		.string({ error: 'problem.text' })
		.trim()
		.max(max, 'problem.tooLong')
		.refine(hasNoNul, 'problem.nul')
		.transform((v) => (v === '' ? null : v))
		.nullable()
		.default(null);
const partialDate = z
	.string()
	.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'problem.date')
	.nullable()
	.default(null);

/** The version a change was read at: a positive PostgreSQL integer. */
export const proposalVersionSchema = z
	.number({ error: 'problem.missing' })
	.int('problem.invalid')
	.min(1, 'problem.invalid')
	.max(2_147_483_647, 'problem.invalid');

/**
 * What a planner sends to save a proposal (titles and comments are stored and shown as text).
 * What the database refuses is refused here first, naming the field: a cost without its basis,
 * an end before the start (the intervention it may become could not be saved).
 */
export const proposalInputSchema = z
	.object({
		title: z
			.string({ error: 'problem.missing' })
			.trim()
			.min(1, 'problem.empty')
			.max(200, 'problem.tooLong')
			.refine(hasNoNul, 'problem.nul'),
		description: text(10_000),
		geometry: drawnGeometrySchema,
		primary_ambito: z
			.number({ error: 'problem.ambito' })
			.int('problem.ambito')
			.min(1, 'problem.ambito')
			.max(8, 'problem.ambito')
			.nullable()
			.default(null),
		guidelines: z
			.array(z.number().int().min(1, 'problem.guideline').max(6, 'problem.guideline'))
			.default([]),
		estimated_cost_eur: z
			.number()
			.nonnegative('problem.amount')
			.max(MAX_ESTIMATED_COST_EUR, 'problem.tooLarge')
			.nullable()
			.default(null),
		cost_basis: text(2000),
		funding_hypotheses: text(2000),
		start_date: partialDate,
		end_date: partialDate,
		distance_km: z.number().min(0.1).max(20).default(1)
	})
	.superRefine((input, context) => {
		if (input.estimated_cost_eur !== null && input.cost_basis === null)
			context.addIssue({ code: 'custom', path: ['cost_basis'], message: 'problem.costNeedsBasis' });
		// Compared as text, as the database's check on interventions does (2030 < 2030-05).
		if (input.start_date && input.end_date && input.end_date < input.start_date)
			context.addIssue({ code: 'custom', path: ['end_date'], message: 'problem.endBeforeStart' });
	});

export type ProposalInput = z.infer<typeof proposalInputSchema>;

/**
 * Checks what a schema cannot: the vertex limit and that every position lies in the province's
 * extended bounding box. Returns the message key of the first problem, or null.
 */
export function checkGeometryBounds(
	geometry: Geometry,
	provinceBbox: [number, number, number, number]
): string | null {
	const positions = positionsOf(geometry);
	if (positions.length > MAX_VERTICES) return 'problem.tooManyVertices';
	const [west, south, east, north] = provinceBbox;
	const m = BBOX_MARGIN_DEGREES;
	if (
		positions.some(
			([lon, lat]) => lon < west - m || lon > east + m || lat < south - m || lat > north + m
		)
	)
		return 'problem.outsideProvince';
	return null;
}

/** The fields of a saved proposal the editor starts from. */
export interface EditableProposal {
	id: string;
	version: number;
	title: string;
	description: string | null;
	primary_ambito: number | null;
	guidelines: number[];
	estimated_cost_eur: number | null;
	cost_basis: string | null;
	funding_hypotheses: string | null;
	start_date: string | null;
	end_date: string | null;
	impact: { distance_km: number };
}

/**
 * A proposal as a GeoJSON Feature a planner can open in QGIS: its geometry, with the facts that
 * identify it and its impact as properties (impact nested, as QGIS keeps JSON fields).
 */
export function proposalFeature(proposal: {
	id: string;
	title: string;
	status: string;
	version: number;
	geometry: Geometry;
	primary_ambito: number | null;
	organisation: string | null;
	proponent_name: string | null;
	estimated_cost_eur: number | null;
	updated_at: string;
	impact: unknown;
}) {
	const { geometry, ...properties } = proposal;
	return { type: 'Feature' as const, id: proposal.id, geometry, properties };
}
