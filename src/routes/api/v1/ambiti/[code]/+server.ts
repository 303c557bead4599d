import { json } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { ambitoQueries } from '#lib/server/ambito-queries.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

/** An ambito: its statements with their sources, guidelines, figures, and its interventions. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const code = /^[1-8]$/.test(params.code) ? Number(params.code) : null;
	const profile = code === null ? null : await ambitoQueries(await getDatabase()).getAmbito(code);
	if (!profile)
		return apiError(
			404,
			'ambito_not_found',
			translate(locals.lang, 'problem.ambitoNotFound', { code: params.code })
		);
	const interventions = await (await getAtlas()).listInterventions({ ambito: [code!] });
	return json(
		{
			...profile,
			interventions: {
				...interventions,
				features: interventions.features.filter((f) => f.properties.primary_ambito === code)
			}
		},
		{ headers: PUBLIC_DATA }
	);
};
