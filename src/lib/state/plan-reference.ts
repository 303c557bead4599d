import { getContext, setContext } from 'svelte';
import type { AmbitoInfo } from '#lib/types.ts';

/** The plan's fixed vocabulary (ambiti, guidelines) as the database holds it, for labels. */
export interface PlanReference {
	ambiti: AmbitoInfo[];
	guidelines: { code: number; name: { it: string; en: string } }[];
}

const KEY = Symbol('plan-reference');

export function preparePlanReference(reference: PlanReference): PlanReference {
	return setContext(KEY, reference);
}

export function getPlanReference(): PlanReference {
	const reference = getContext<PlanReference | undefined>(KEY);
	if (!reference)
		throw new Error('getPlanReference() needs preparePlanReference() in a parent component');
	return reference;
}
