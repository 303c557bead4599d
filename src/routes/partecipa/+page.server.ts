import { observations } from '#lib/server/observations-api.ts';
import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { requireMember } from '#lib/server/proposals-api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireMember(event);
	const [context, categories] = await Promise.all([
		proposalMapContext(),
		(await observations()).listCategories()
	]);
	return { context, categories };
};
