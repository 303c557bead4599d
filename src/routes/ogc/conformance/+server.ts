import { json } from '@sveltejs/kit';
import { CONFORMANCE } from '#lib/server/ogc.ts';
import { OGC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => json({ conformsTo: CONFORMANCE }, { headers: OGC_DATA });
