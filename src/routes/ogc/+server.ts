import { json } from '@sveltejs/kit';
import { landingPage } from '#lib/server/ogc.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	json(landingPage(locals.origin, locals.lang), { headers: OGC_DATA });
