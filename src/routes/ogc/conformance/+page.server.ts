import { CONFORMANCE } from '#lib/server/ogc.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ vary: 'Accept' });
	return { conformsTo: [...CONFORMANCE] };
};
