import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { OBSERVATION_CATEGORIES } from '../observation.ts';
import { translate } from '../i18n/index.ts';
import { bboxParam } from '../params.ts';
import { apiError } from './api.ts';
import { getDatabase } from './atlas.ts';
import type { ObservationFilter } from '../types.ts';
import { observationQueries } from './observations.ts';

export async function observations() {
	return observationQueries(await getDatabase());
}

const filterSchema = z.object({
	bbox: bboxParam.optional(),
	category: z.enum(OBSERVATION_CATEGORIES).optional(),
	ambito: z.coerce.number().int().min(1).max(8).optional(),
	istat: z
		.string()
		.regex(/^\d{6}$/)
		.optional(),
	status: z.enum(['open', 'in_proposal', 'answered', 'hidden']).optional()
});

/** The list's filter from a query string; a bad parameter is named, with its value. */
export function readObservationFilter(
	search: URLSearchParams
): { ok: true; value: ObservationFilter } | { ok: false; field: string; value: string } {
	const raw = Object.fromEntries(
		['bbox', 'category', 'ambito', 'istat', 'status'].flatMap((name) => {
			const value = search.get(name);
			return value === null || value === '' ? [] : [[name, value]];
		})
	);
	const parsed = filterSchema.safeParse(raw);
	if (parsed.success) return { ok: true, value: parsed.data };
	const field = String(parsed.error.issues[0].path[0]);
	return { ok: false, field, value: raw[field] ?? '' };
}

/** The list's filter from the request, or the 400 that names the bad parameter. */
export function observationFilter(
	event: RequestEvent
): { ok: true; value: ObservationFilter } | { ok: false; response: Response } {
	const filter = readObservationFilter(event.url.searchParams);
	if (filter.ok) return filter;
	return {
		ok: false,
		response: apiError(
			400,
			'invalid_filter',
			translate(event.locals.lang, 'api.badObservationFilter', {
				field: filter.field,
				value: filter.value
			})
		)
	};
}

/** An observation's id is a UUID: anything else names none and never reaches the database. */
export const observationId = z.uuid();

export const observationNotFound = (event: RequestEvent) =>
	apiError(
		404,
		'observation_not_found',
		translate(event.locals.lang, 'api.unknownObservation', { id: event.params.id ?? '' })
	);
