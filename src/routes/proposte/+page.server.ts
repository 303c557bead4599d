import { identityOf, proposals } from '#lib/server/proposals-api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const all = await (await proposals()).listProposals(identityOf(event));
	const me = event.locals.member;
	const reviewer = me?.role === 'reviewer' || me?.role === 'admin';
	return {
		member: me,
		mine: me ? all.filter((p) => p.proponent_id === me.user_id) : [],
		toReview: reviewer ? all.filter((p) => ['submitted', 'under_review'].includes(p.status)) : [],
		decided: all.filter((p) => ['adopted', 'rejected'].includes(p.status))
	};
};
