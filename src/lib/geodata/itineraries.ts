import geodesic from 'geographiclib-geodesic';
import type { LineString, Position } from 'geojson';
import { z } from 'zod';
import { curatedPropertiesSchema } from './curated.ts';
import { GeodataError, parseJsonFile } from './errors.ts';

const itinerarySchema = curatedPropertiesSchema.omit({ kind: true, municipalities: true }).extend({
	name_en: z.string().min(1),
	description_it: z.string().min(1),
	description_en: z.string().min(1),
	stops: z.array(z.string().min(1)).min(2, 'needs at least two stops')
});

export interface ItineraryStop {
	id: string;
	name: string;
	coordinates: Position;
	estimated: boolean;
}

export interface Itinerary {
	properties: {
		id: string;
		name: string;
		name_en: string;
		description_it: string;
		description_en: string;
		source: string;
		source_date: string | null;
		licence: string;
		licence_en: string;
		precision: string;
		owner: string;
		owner_en: string;
		stops: ItineraryStop[];
		/** Sum of straight-line (geodesic) distances between stops, km: not a road distance. */
		straight_line_km: number;
		municipalities: string[];
	};
	geometry: LineString;
}

/** Geodesic distance in km between two WGS84 positions. */
export function geodesicDistanceKm(a: Position, b: Position): number {
	return geodesic.Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0]).s12! / 1000;
}

/** Parses itineraries whose stops are places of the layer; the route is straight segments between stops. */
export function parseItineraries(
	text: string,
	options: {
		file: string;
		places: {
			id: string;
			name: string;
			coordinates: Position;
			estimated: boolean;
			municipalities: string[];
		}[];
	}
): Itinerary[] {
	const json = parseJsonFile(text, options.file);
	const list = z.object({ itineraries: z.array(z.unknown()) }).safeParse(json);
	if (!list.success)
		throw new GeodataError(options.file, 'no "itineraries" list', { field: 'itineraries' });
	return list.data.itineraries.map((raw, index) => {
		const id = (raw as { id?: unknown })?.id;
		const record = `#${index}${typeof id === 'string' ? ` (${id})` : ''}`;
		const parsed = itinerarySchema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new GeodataError(options.file, issue.message, { record, field: issue.path.join('.') });
		}
		const stops = parsed.data.stops.map((stopId, at) => {
			const place = options.places.find((p) => p.id === stopId);
			if (!place)
				throw new GeodataError(options.file, `no place "${stopId}"`, {
					record,
					field: `stops.${at}`
				});
			return place;
		});
		const coordinates = stops.map((s) => s.coordinates);
		const straight = coordinates
			.slice(1)
			.reduce((sum, position, i) => sum + geodesicDistanceKm(coordinates[i], position), 0);
		return {
			properties: {
				id: parsed.data.id,
				name: parsed.data.name,
				name_en: parsed.data.name_en,
				description_it: parsed.data.description_it,
				description_en: parsed.data.description_en,
				source: parsed.data.source,
				source_date: parsed.data.source_date,
				licence: parsed.data.licence,
				licence_en: parsed.data.licence_en,
				precision: parsed.data.precision,
				owner: parsed.data.owner,
				owner_en: parsed.data.owner_en,
				stops: stops.map(({ id, name, coordinates, estimated }) => ({
					id,
					name,
					coordinates,
					estimated
				})),
				straight_line_km: straight,
				municipalities: [...new Set(stops.flatMap((s) => s.municipalities))].sort()
			},
			geometry: { type: 'LineString', coordinates }
		};
	});
}

function escapeXml(text: string): string {
	return text.replace(
		/[<>&'"]/g,
		(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!
	);
}

/** GPX 1.1 of an itinerary: the stops as waypoints and as an ordered route. */
export function itineraryToGpx(itinerary: {
	name: string;
	description: string;
	source: string;
	stops: { name: string; coordinates: Position }[];
}): string {
	const point = (tag: string, stop: { name: string; coordinates: Position }) =>
		`<${tag} lat="${stop.coordinates[1]}" lon="${stop.coordinates[0]}"><name>${escapeXml(stop.name)}</name></${tag}>`;
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<gpx version="1.1" creator="Atlante Lucca 2030" xmlns="http://www.topografix.com/GPX/1/1">',
		`<metadata><name>${escapeXml(itinerary.name)}</name><desc>${escapeXml(itinerary.description)}</desc></metadata>`,
		...itinerary.stops.map((stop) => point('wpt', stop)),
		`<rte><name>${escapeXml(itinerary.name)}</name><desc>${escapeXml(itinerary.source)}</desc>`,
		...itinerary.stops.map((stop) => point('rtept', stop)),
		'</rte>',
		'</gpx>',
		''
	].join('\n');
}
