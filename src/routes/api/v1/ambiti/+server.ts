import { json } from '@sveltejs/kit';
import { getAtlas } from '#lib/server/atlas.ts';
import { FUNDING_KINDS, INTERVENTION_STATUSES } from '#lib/types.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

export const GET: RequestHandler = async () => {
	const atlas = await getAtlas();
	const [ambiti, guidelines] = await Promise.all([atlas.listAmbiti(), atlas.listGuidelines()]);
	return json(
		{ ambiti, guidelines, statuses: INTERVENTION_STATUSES, funding_kinds: FUNDING_KINDS },
		{ headers: PUBLIC_DATA }
	);
};
