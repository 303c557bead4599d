import { featureFilter as compileFilter } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import {
	decodeFilters,
	encodeFilters,
	featureFilter,
	filterOptions,
	matchesFilters
} from '../../src/lib/map/layer-filters.ts';

const bottlenecks = [
	{ properties: { id: 'rail-1', kind: 'rail-line' } },
	{ properties: { id: 'station-1', kind: 'station' } },
	{ properties: { id: 'single-track', kind: 'bottleneck', type: 'rail', severity: null } },
	{ properties: { id: 'bridge', kind: 'bottleneck', type: 'road', severity: null } },
	{ properties: { id: 'junction', kind: 'bottleneck', type: 'road', severity: 'high' } }
];
const puccini = [
	{ properties: { id: 'birthplace', kind: 'puccini-place', itineraries: ['a', 'b'] } },
	{ properties: { id: 'villa', kind: 'puccini-place', itineraries: ['a'] } },
	{ properties: { id: 'off-route', kind: 'puccini-place', itineraries: [] } },
	{ properties: { id: 'a', kind: 'itinerary', itineraries: ['a'] } },
	{ properties: { id: 'b', kind: 'itinerary', itineraries: ['b'] } }
];
const ids = (
	layer: string,
	features: typeof bottlenecks,
	selection: Parameters<typeof matchesFilters>[2]
) =>
	features
		.filter((f) => matchesFilters(layer, f.properties, selection))
		.map((f) => f.properties.id);

describe('filterOptions', () => {
	it('lists the values the data has, with counts, unassessed severity included', () => {
		expect(filterOptions('bottlenecks', bottlenecks)).toEqual([
			{
				field: 'type',
				values: [
					{ value: 'rail', count: 1 },
					{ value: 'road', count: 2 }
				]
			},
			{
				field: 'severity',
				values: [
					{ value: 'high', count: 1 },
					{ value: 'unassessed', count: 2 }
				]
			}
		]);
	});
	it('orders progress values as the monitoring does, late first, not alphabetically', () => {
		const interventions = ['on_time', 'completed', 'late', 'at_risk', 'late'].map((progress) => ({
			properties: { kind: 'intervention', progress }
		}));
		const progress = filterOptions('interventions', interventions).find(
			(o) => o.field === 'progress'
		);
		expect(progress?.values).toEqual([
			{ value: 'late', count: 2 },
			{ value: 'at_risk', count: 1 },
			{ value: 'on_time', count: 1 },
			{ value: 'completed', count: 1 }
		]);
	});
	it('has no fields for a layer without filters', () => {
		expect(
			filterOptions('technology-poles', [{ properties: { kind: 'technology-pole' } }])
		).toEqual([]);
	});
});

describe('matchesFilters', () => {
	it('keeps only the chosen bottleneck type, and railway context stays', () => {
		expect(ids('bottlenecks', bottlenecks, { bottlenecks: { type: ['road'] } })).toEqual([
			'rail-1',
			'station-1',
			'bridge',
			'junction'
		]);
	});
	it('combines fields with "and", values of one field with "or"', () => {
		const selection = { bottlenecks: { type: ['road'], severity: ['unassessed'] } };
		expect(ids('bottlenecks', bottlenecks, selection)).toEqual(['rail-1', 'station-1', 'bridge']);
	});
	it('hides every subject feature when no value is chosen', () => {
		expect(ids('bottlenecks', bottlenecks, { bottlenecks: { type: [] } })).toEqual([
			'rail-1',
			'station-1'
		]);
	});
	it('keeps an itinerary and its stops, wherever else they belong', () => {
		expect(ids('puccini', puccini, { puccini: { itinerary: ['b'] } })).toEqual(['birthplace', 'b']);
	});
	it("ignores another layer's filters", () => {
		expect(ids('puccini', puccini, { bottlenecks: { type: ['road'] } })).toHaveLength(5);
	});
});

describe('featureFilter', () => {
	it('is undefined when the layer is not filtered', () => {
		expect(featureFilter('bottlenecks', bottlenecks, {})).toBeUndefined();
	});
	it('selects, as MapLibre evaluates it, exactly the features the predicate keeps', () => {
		const selection = { bottlenecks: { type: ['road'], severity: ['high'] } };
		const spec = featureFilter('bottlenecks', bottlenecks, selection);
		const compiled = compileFilter(spec, 'filter');
		const drawn = bottlenecks
			.filter((f) =>
				compiled.filter({ zoom: 10 }, { type: 1, properties: f.properties, geometry: [] } as never)
			)
			.map((f) => f.properties.id);
		expect(drawn).toEqual(['rail-1', 'station-1', 'junction']);
		expect(drawn).toEqual(ids('bottlenecks', bottlenecks, selection));
	});
});

describe('URL encoding', () => {
	it('round-trips a selection, including an empty one', () => {
		const selection = {
			bottlenecks: { type: ['road'], severity: [] },
			districts: { sector: ['paper', 'stone'] }
		};
		expect(encodeFilters(selection)).toEqual([
			'bottlenecks.type:road',
			'bottlenecks.severity:',
			'districts.sector:paper,stone'
		]);
		expect(decodeFilters(encodeFilters(selection))).toEqual(selection);
	});
	it('ignores unknown layers and fields and malformed values', () => {
		expect(
			decodeFilters([
				'nowhere.type:road',
				'bottlenecks.colour:red',
				'bottlenecks.type:Road;drop',
				'districts',
				'districts.sector:paper,paper'
			])
		).toEqual({ districts: { sector: ['paper'] } });
	});
});
