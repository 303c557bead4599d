import { describe, expect, it } from 'vitest';
import {
	geodesicDistanceKm,
	itineraryToGpx,
	parseItineraries
} from '../../src/lib/geodata/itineraries.ts';

const places = [
	{
		id: 'a',
		name: 'Casa <natale>',
		coordinates: [10.5, 43.84],
		estimated: true,
		municipalities: ['046017']
	},
	{
		id: 'b',
		name: 'Villa & Teatro',
		coordinates: [10.3, 43.83],
		estimated: true,
		municipalities: ['046033']
	}
];
const itinerary = (stops: string[]) => ({
	id: 'it-1',
	name: 'Prova',
	name_en: 'Test',
	description_it: 'd',
	description_en: 'd',
	stops,
	source: 'Atlante',
	source_date: null,
	licence: 'CC BY 4.0',
	licence_en: 'CC BY 4.0',
	precision: 'schematic',
	owner: 'Atlante',
	owner_en: 'Atlante'
});
const parse = (...items: unknown[]) =>
	parseItineraries(JSON.stringify({ itineraries: items }), { file: 'i.json', places });

describe('parseItineraries', () => {
	it('orders the stops, draws straight segments and sums straight-line distances', () => {
		const [result] = parse(itinerary(['a', 'b']));
		expect(result.geometry.coordinates).toEqual([
			[10.5, 43.84],
			[10.3, 43.83]
		]);
		expect(result.properties.straight_line_km).toBeCloseTo(
			geodesicDistanceKm([10.5, 43.84], [10.3, 43.83]),
			9
		);
		expect(result.properties.municipalities).toEqual(['046017', '046033']);
	});
	it('names the stop that is not a place of the layer', () => {
		expect(() => parse(itinerary(['a', 'x']))).toThrowError(
			'i.json, record #0 (it-1), field "stops.1": no place "x"'
		);
	});
});

describe('geodesicDistanceKm', () => {
	it('gives one degree of latitude at 44°N as about 111.1 km on WGS84', () => {
		expect(geodesicDistanceKm([10, 43.5], [10, 44.5])).toBeCloseTo(111.1, 1);
	});
});

describe('itineraryToGpx', () => {
	const gpx = itineraryToGpx({ name: 'Da A a B', description: 'd', source: 's', stops: places });
	it('writes the stops as waypoints and as an ordered route', () => {
		expect(gpx.match(/<wpt /g)).toHaveLength(2);
		expect(
			[...gpx.matchAll(/<rtept lat="([\d.]+)" lon="([\d.]+)">/g)].map((m) => [
				Number(m[2]),
				Number(m[1])
			])
		).toEqual([
			[10.5, 43.84],
			[10.3, 43.83]
		]);
	});
	it('escapes XML in names', () => {
		expect(gpx).toContain('<name>Casa &lt;natale&gt;</name>');
		expect(gpx).toContain('<name>Villa &amp; Teatro</name>');
	});
});
