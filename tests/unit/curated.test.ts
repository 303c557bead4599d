import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseCuratedFile } from '../../src/lib/geodata/curated.ts';

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
const context = { province: '046', municipalities: [{ istat: '046017', geometry: square }] };

const record = (
	properties: Record<string, unknown>,
	geometry: unknown = { type: 'Point', coordinates: [10.5, 43.85] }
) => ({
	type: 'Feature',
	properties: {
		id: 'polo-1',
		name: 'Polo',
		kind: 'technology-pole',
		source: 'https://example.org/polo',
		source_date: '2024-03-29',
		licence: 'CC BY 4.0',
		licence_en: 'CC BY 4.0',
		precision: 'estimated ±500 m',
		owner: 'Ente',
		owner_en: 'Ente',
		municipalities: ['046017'],
		...properties
	},
	geometry
});

const parse = (...features: unknown[]) =>
	parseCuratedFile(JSON.stringify({ type: 'FeatureCollection', features }), {
		file: 'poles.geojson',
		kinds: ['technology-pole'],
		geometryTypes: ['Point'],
		context
	});

describe('parseCuratedFile', () => {
	it('accepts a complete record', () => {
		const [feature] = parse(record({}));
		expect(feature.properties.precision).toBe('estimated ±500 m');
		expect(feature.properties.municipalities).toEqual(['046017']);
	});
	it('accepts an unknown source date as null, never a made-up one', () => {
		expect(parse(record({ source_date: null }))[0].properties.source_date).toBeNull();
	});
	it('rejects a record without a source, naming file, record and field', () => {
		expect(() => parse(record({ source: undefined }))).toThrowError(
			'poles.geojson, record #0 (polo-1), field "source": is missing'
		);
	});
	it('rejects a record without its licence in English (the card says it in the reader’s language)', () => {
		expect(() => parse(record({ licence_en: undefined }))).toThrowError(
			/field "licence_en": is missing/
		);
		expect(() => parse(record({ owner_en: '' }))).toThrowError(/field "owner_en": is empty/);
	});
	it('rejects a record without precision, or with a vague one', () => {
		expect(() => parse(record({ precision: undefined }))).toThrowError(
			/field "precision": is missing/
		);
		expect(() => parse(record({ precision: 'about right' }))).toThrowError(
			/field "precision": must be surveyed/
		);
	});
	it('rejects coordinates outside the province', () => {
		expect(() => parse(record({}, { type: 'Point', coordinates: [11.25, 43.77] }))).toThrowError(
			'poles.geojson, record #0 (polo-1), field "geometry.coordinates": lies outside the province 046 (first position [11.25, 43.77])'
		);
	});
	it('rejects an ISTAT code that is not a municipality of the province', () => {
		expect(() => parse(record({ municipalities: ['048017'] }))).toThrowError(
			/field "municipalities": 048017 is not a municipality of province 046/
		);
	});
	it('rejects a geometry type the layer does not take', () => {
		expect(() =>
			parse(
				record(
					{},
					{
						type: 'LineString',
						coordinates: [
							[10.5, 43.85],
							[10.55, 43.86]
						]
					}
				)
			)
		).toThrowError(/field "geometry": geometry must be Point, found LineString/);
	});
	it('rejects an unknown kind and duplicate ids', () => {
		expect(() => parse(record({ kind: 'museum' }))).toThrowError(/field "kind"/);
		expect(() => parse(record({}), record({}))).toThrowError(
			/record #1 \(polo-1\), field "id": duplicate id "polo-1"/
		);
	});
	it('rejects a point that lies in none of the municipalities it names', () => {
		const second = {
			...square,
			coordinates: [[square.coordinates[0][0].map(([x, y]) => [x + 0.2, y])]]
		};
		expect(() =>
			parseCuratedFile(
				JSON.stringify({
					type: 'FeatureCollection',
					features: [record({ municipalities: ['046007'] })]
				}),
				{
					file: 'poles.geojson',
					kinds: ['technology-pole'],
					geometryTypes: ['Point'],
					context: {
						province: '046',
						municipalities: [...context.municipalities, { istat: '046007', geometry: second }]
					}
				}
			)
		).toThrowError(
			'poles.geojson, record #0 (polo-1), field "geometry.coordinates": position [10.5, 43.85] is in none of its municipalities (046007)'
		);
	});
});

describe('bottleneck records', () => {
	const bottleneck = (properties: Record<string, unknown>) =>
		record({
			id: 'ponte',
			kind: 'bottleneck',
			type: 'road',
			bottleneck_kind: 'bridge',
			severity: null,
			description_it: 'Ponte stretto',
			description_en: 'Narrow bridge',
			...properties
		});
	const parseBottlenecks = (...features: unknown[]) =>
		parseCuratedFile(JSON.stringify({ type: 'FeatureCollection', features }), {
			file: 'bottlenecks.geojson',
			kinds: ['bottleneck'],
			geometryTypes: ['Point', 'LineString'],
			context
		});
	it('accepts a road bottleneck whose severity no source has assessed', () => {
		expect(parseBottlenecks(bottleneck({}))[0].properties).toMatchObject({
			type: 'road',
			severity: null
		});
	});
	it('names the field when type, kind, severity or description is wrong', () => {
		expect(() => parseBottlenecks(bottleneck({ type: 'air' }))).toThrowError(
			'bottlenecks.geojson, record #0 (ponte), field "type": must be road or rail'
		);
		expect(() => parseBottlenecks(bottleneck({ bottleneck_kind: 'pothole' }))).toThrowError(
			/field "bottleneck_kind": must be one of single-track/
		);
		expect(() => parseBottlenecks(bottleneck({ severity: 'terrible' }))).toThrowError(
			/field "severity": must be low, medium, high or null/
		);
		expect(() => parseBottlenecks(bottleneck({ description_en: ' ' }))).toThrowError(
			/field "description_en": is empty/
		);
	});
});
