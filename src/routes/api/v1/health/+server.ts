import { json } from '@sveltejs/kit';
import { healthReport } from '#lib/server/health.ts';
import type { RequestHandler } from './$types';

/** `GET /api/v1/health`: 200 when this process serves, 503 when it cannot reach its database. */
export const GET: RequestHandler = async () => {
	const health = await healthReport();
	return json(health, {
		status: health.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
