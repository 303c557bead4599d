import { z } from 'zod';
import { FUNDING_KINDS, INTERVENTION_STATUSES, type InterventionFilter } from './types.ts';

/** A municipality's ISTAT code: 6 digits, province first (046007 = Capannori). */
export const istatCode = z.string().regex(/^\d{6}$/);

/** `bbox=west,south,east,north` in WGS84 degrees. */
export const bboxParam = z
	.string()
	.transform((value) => value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))))
	.pipe(
		z
			.tuple([
				z.number().min(-180).max(180),
				z.number().min(-90).max(90),
				z.number().min(-180).max(180),
				z.number().min(-90).max(90)
			])
			.refine(([west, south, east, north]) => west < east && south < north)
	);

const list = <T extends z.ZodType>(item: T) =>
	z
		.string()
		.transform((value): unknown[] => value.split(',').map((part) => part.trim()))
		.pipe(z.array(item).min(1));

/** The filters of GET /api/v1/interventions, each a comma-separated list unless noted. */
export const interventionFilterParams = {
	ambito: list(z.coerce.number().int().min(1).max(8)),
	guideline: list(z.coerce.number().int().min(1).max(6)),
	status: list(z.enum(INTERVENTION_STATUSES)),
	funding: list(z.enum(FUNDING_KINDS)),
	municipality: istatCode,
	year: z.coerce.number().int().min(2000).max(2100),
	bbox: bboxParam
} as const;

export type InterventionFilterParam = keyof typeof interventionFilterParams;

/**
 * Reads the interventions filters from a query string. The first malformed parameter is named,
 * with its value, so the error can say which one to fix.
 */
export function parseInterventionFilter(
	params: URLSearchParams
):
	| { ok: true; filter: InterventionFilter }
	| { ok: false; param: InterventionFilterParam; value: string } {
	const filter: InterventionFilter = {};
	for (const name of Object.keys(interventionFilterParams) as InterventionFilterParam[]) {
		const raw = params.get(name);
		if (raw === null) continue;
		const parsed = interventionFilterParams[name].safeParse(raw);
		if (!parsed.success) return { ok: false, param: name, value: raw };
		(filter as Record<string, unknown>)[name] = parsed.data;
	}
	return { ok: true, filter };
}

/** `q` of a search: 2 to 100 characters once trimmed; U+0000, which nobody types, is dropped. */
export const searchQuery = z
	.string()
	.transform((value) => value.replaceAll('\u0000', ''))
	.pipe(z.string().trim().min(2).max(100));
