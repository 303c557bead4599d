import { json } from '@sveltejs/kit';
import { itineraryToGpx } from '#lib/geodata/itineraries.ts';
import { translate } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import type { RequestHandler } from './$types';
import { PUBLIC_DATA } from '#lib/server/serving.ts';

/** `/api/v1/itineraries/{id}.gpx` or `.geojson`: an itinerary to take along. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const match = /^([a-z0-9][a-z0-9-]*)\.(gpx|geojson)$/.exec(params.file);
	if (!match) {
		return apiError(
			400,
			'invalid_itinerary_file',
			translate(locals.lang, 'api.badItineraryFile', { file: params.file })
		);
	}
	const [, id, format] = match;
	const itinerary = await (await getAtlas()).getItinerary(id);
	if (!itinerary)
		return apiError(
			404,
			'itinerary_not_found',
			translate(locals.lang, 'api.unknownItinerary', { id })
		);
	const p = itinerary.properties;
	const disposition = { 'content-disposition': `attachment; filename="${id}.${format}"` };
	if (format === 'geojson') {
		return json(
			{ type: 'FeatureCollection', features: [itinerary] },
			{ headers: { 'content-type': 'application/geo+json', ...disposition, ...PUBLIC_DATA } }
		);
	}
	const name = locals.lang === 'en' ? String(p.name_en ?? p.name) : p.name;
	const description = String(locals.lang === 'en' ? p.description_en : p.description_it);
	const stops = p.stops as { name: string; coordinates: [number, number] }[];
	return new Response(itineraryToGpx({ name, description, source: p.source, stops }), {
		headers: {
			'content-type': 'application/gpx+xml; charset=utf-8',
			...disposition,
			...PUBLIC_DATA
		}
	});
};
