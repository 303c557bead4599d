import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseRfiNetwork, parseTrenitaliaStations } from '../../src/lib/geodata/rail.ts';

const square: MultiPolygon = {
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[10.4, 43.8],
				[10.6, 43.8],
				[10.6, 43.9],
				[10.4, 43.9],
				[10.4, 43.8]
			]
		]
	]
};
const municipalities = [{ istat: '046017', geometry: square }];

const section = (code: string, coordinates: number[][]) => ({
	type: 'Feature',
	properties: {
		CODTRATTA_BDL: code,
		TRATTA_BDL: `TRATTA ${code}`,
		LINEA_COMM: 'Lucca - Pistoia',
		CODLINEA_BDL: 'PI09',
		LENGTH_PIR: 4.7
	},
	geometry: { type: 'LineString', coordinates }
});

describe('parseRfiNetwork', () => {
	it('keeps the sections with a vertex in the province, with their RFI properties', () => {
		const text = JSON.stringify({
			type: 'FeatureCollection',
			features: [
				section('1', [
					[10.3, 43.85],
					[10.5, 43.85]
				]),
				section('2', [
					[11, 44],
					[11.1, 44.1]
				])
			]
		});
		const features = parseRfiNetwork(text, { file: 'rfi.geojson', municipalities });
		expect(features.map((f) => f.id)).toEqual(['rfi-1']);
		expect(features[0]).toMatchObject({
			kind: 'rail-line',
			name: 'TRATTA 1',
			municipalities: ['046017']
		});
		expect(features[0].properties).toMatchObject({ line: 'Lucca - Pistoia', length_km: 4.7 });
	});
	it('names the record and field of a section without a name', () => {
		const broken = section('3', [
			[10.5, 43.85],
			[10.55, 43.86]
		]) as { properties: Record<string, unknown> };
		delete broken.properties.TRATTA_BDL;
		expect(() =>
			parseRfiNetwork(JSON.stringify({ type: 'FeatureCollection', features: [broken] }), {
				file: 'rfi.geojson',
				municipalities
			})
		).toThrowError(/^rfi\.geojson, record #0, field "properties\.TRATTA_BDL"/);
	});
});

describe('parseTrenitaliaStations', () => {
	const tsv =
		'name\tid_staz\tid_reg\tlat\tlon\nLucca\tS06404\t13\t43.837186\t10.506069\nFirenze\tS06421\t13\t43.776\t11.247\n';
	it('keeps the stations inside the province, with the municipality they are in', () => {
		expect(parseTrenitaliaStations(tsv, { file: 's.tsv', municipalities })).toEqual([
			{
				id: 'station-s06404',
				kind: 'station',
				name: 'Lucca',
				municipalities: ['046017'],
				properties: { station_id: 'S06404' },
				geometry: { type: 'Point', coordinates: [10.506069, 43.837186] }
			}
		]);
	});
	it('names the line of a position that is not a number', () => {
		expect(() =>
			parseTrenitaliaStations(tsv.replace('43.837186', 'n/d'), { file: 's.tsv', municipalities })
		).toThrowError(
			's.tsv, record line 2 (Lucca), field "lat/lon": "n/d, 10.506069" is not a position'
		);
	});
});
