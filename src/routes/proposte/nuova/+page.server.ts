import { proposalMapContext } from '#lib/server/proposal-pages.ts';
import { requireMember } from '#lib/server/proposals-api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireMember(event);
	return { context: await proposalMapContext() };
};
