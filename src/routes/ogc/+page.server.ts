import { landingPage } from '#lib/server/ogc.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, setHeaders }) => {
	setHeaders({ vary: 'Accept' });
	return { landing: landingPage(locals.origin, locals.lang), origin: locals.origin };
};
