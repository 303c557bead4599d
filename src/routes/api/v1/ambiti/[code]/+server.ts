import { json } from '@sveltejs/kit';
import { ambitoCodeOf } from '#lib/ambito-statement.ts';
import { translate } from '#lib/i18n/index.ts';
import { ambitoQueries } from '#lib/server/ambito-queries.ts';
import { apiError } from '#lib/server/api.ts';
import { getDatabase } from '#lib/server/atlas.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

/** An ambito: its statements with their sources, guidelines, figures, and its interventions. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const code = ambitoCodeOf(params.code);
	const queries = ambitoQueries(await getDatabase());
	const profile = code === null ? null : await queries.getAmbito(code);
	if (!profile)
		return apiError(
			404,
			'ambito_not_found',
			translate(locals.lang, 'problem.ambitoNotFound', { code: params.code })
		);
	const interventions = await queries.interventionsOf(code!);
	return json({ ...profile, interventions }, { headers: PUBLIC_DATA });
};
