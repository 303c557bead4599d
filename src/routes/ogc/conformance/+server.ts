import { json } from '@sveltejs/kit';
import { CONFORMANCE } from '#lib/server/ogc.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () =>
	json({ conformsTo: CONFORMANCE }, { headers: PUBLIC_DATA });
