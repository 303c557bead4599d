import { getDatabase } from './atlas.ts';
import { workPlans } from './work-plans.ts';

export async function plans() {
	return workPlans(await getDatabase());
}

/** Quarters differ by who asks (drafts are the committees'): never kept in a shared cache. */
export const PERSONAL = { 'cache-control': 'private, no-store' } as const;
