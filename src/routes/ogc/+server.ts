import { json } from '@sveltejs/kit';
import { landingPage } from '#lib/server/ogc.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	json(landingPage(locals.origin, locals.lang), { headers: PUBLIC_DATA });
