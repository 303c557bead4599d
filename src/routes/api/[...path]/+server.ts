import { apiError } from '#lib/server/api.ts';
import { translate } from '#lib/i18n/index.ts';
import type { RequestHandler } from './$types';

// Anything under /api that no route answers gets a JSON 404, not the HTML error page.
export const fallback: RequestHandler = ({ url, locals }) =>
	apiError(404, 'not_found', translate(locals.lang, 'api.notFound', { path: url.pathname }));
