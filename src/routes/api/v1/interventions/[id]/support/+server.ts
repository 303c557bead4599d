import { supportRoutes } from '#lib/server/discussions-api.ts';
import type { RequestHandler } from './$types';

/** One support per account: 201 the first time, 200 with the same count after (idempotent). */
const routes = supportRoutes('intervention');
export const POST: RequestHandler = routes.POST;
export const DELETE: RequestHandler = routes.DELETE;
