import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '#lib/i18n/index.ts';
import { projectToSvg } from '#lib/map/svg-map.ts';
import { todayInItaly } from '#lib/dates.ts';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { monitoringQueries } from '#lib/server/monitoring-queries.ts';
import { discussionActions, discussions } from '#lib/server/discussions-api.ts';
import { identityOf } from '#lib/server/proposals-api.ts';
import type { Actions, PageServerLoad } from './$types';

const interventionId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

export const load: PageServerLoad = async (event) => {
	const { params, locals, url } = event;
	const notFound = () =>
		error(404, {
			message: translate(locals.lang, 'error.notFound.intervention', { id: params.id })
		});
	if (!interventionId.safeParse(params.id).success) notFound();
	const atlas = await getAtlas();
	const intervention = await atlas.getIntervention(params.id);
	if (!intervention) notFound();
	const [municipalities, ambiti, guidelines, [progress], discussion] = await Promise.all([
		atlas.listMunicipalities(),
		atlas.listAmbiti(),
		atlas.listGuidelines(),
		monitoringQueries(await getDatabase()).listProgress({ ids: [params.id] }, todayInItaly()),
		(await discussions()).discussion(identityOf(event), 'intervention', params.id)
	]);
	const concerned = new Set(intervention!.municipalities.map((m) => m.istat));
	const map = projectToSvg(
		{
			type: 'FeatureCollection',
			features: municipalities.features.map((f) => ({
				...f,
				properties: {
					istat: f.properties.istat,
					name: f.properties.name,
					focus: concerned.has(f.properties.istat)
				}
			}))
		},
		{
			width: 420,
			height: 420,
			padding: 8,
			overlay: intervention!.geometry ? [intervention!.geometry] : []
		}
	);
	const role = locals.member?.role;
	return {
		intervention: intervention!,
		progress: progress ?? null,
		map,
		plan: { ambiti, guidelines },
		// The cabina di regia edits interventions; the database enforces it again (RLS).
		canEdit: role === 'reviewer' || role === 'admin',
		discussion: discussion!,
		role: role ?? null,
		saved: url.searchParams.has('salvato')
	};
};

export const actions: Actions = discussionActions('intervention');
