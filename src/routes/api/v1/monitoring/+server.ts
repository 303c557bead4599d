import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { todayInItaly } from '#lib/dates.ts';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { monitoringQueries } from '#lib/server/monitoring-queries.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import { quarterIdSchema } from '#lib/work-plan.ts';
import type { RequestHandler } from './$types';

const filterSchema = z.object({
	ambito: z.coerce.number().int().min(1).max(8).optional(),
	status: z.enum(['completed', 'late', 'at_risk', 'on_time', 'not_monitored']).optional(),
	quarter: quarterIdSchema.optional()
});

/** Every intervention's progress by the monitoring rules, with the rule that fired; filterable. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const raw = Object.fromEntries(
		['ambito', 'status', 'quarter'].flatMap((name) => {
			const value = url.searchParams.get(name);
			return value === null || value === '' ? [] : [[name, value]];
		})
	);
	const filter = filterSchema.safeParse(raw);
	if (!filter.success) {
		const field = String(filter.error.issues[0].path[0]);
		return apiError(
			400,
			'invalid_filter',
			translate(locals.lang, 'api.badMonitoringFilter', { field, value: raw[field] ?? '' })
		);
	}
	const today = todayInItaly();
	const { ambito, status, quarter } = filter.data;
	const interventions = await monitoringQueries(await getDatabase()).listProgress(
		{ ambito, progress: status, quarter },
		today
	);
	return json({ today, interventions }, { headers: PUBLIC_DATA });
};
