import { describe, expect, it } from 'vitest';
import { atlasPageOf, propertyText, tableColumns } from '../../src/lib/ogc-html.ts';
import { ogcEncoding } from '../../src/lib/server/serving.ts';

const at = (path: string) => new URL(`http://atlas.test${path}`);

describe('ogcEncoding', () => {
	it.each([
		[
			'a browser',
			'/ogc',
			'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
			'html'
		],
		['curl', '/ogc/collections', '*/*', 'json'],
		['no Accept at all', '/ogc/collections', null, 'json'],
		['GDAL', '/ogc/collections/districts/items', 'application/geo+json, application/json', 'json'],
		['JSON preferred to HTML', '/ogc', 'text/html;q=0.5, application/json', 'json'],
		['HTML refused', '/ogc', 'text/html;q=0, */*', 'json'],
		['f=html over Accept', '/ogc/collections?f=html', 'application/json', 'html'],
		['f=json over Accept', '/ogc/collections?f=json', 'text/html', 'json'],
		['the OpenAPI document, always JSON', '/ogc/api?f=html', 'text/html', 'json']
	])('%s', (_, path, accept, expected) => {
		expect(ogcEncoding(at(path), accept)).toBe(expected);
	});

	it('says nothing outside /ogc, even where a path begins alike', () => {
		expect(ogcEncoding(at('/api/v1/layers'), 'text/html')).toBeNull();
		expect(ogcEncoding(at('/ogcx'), 'text/html')).toBeNull();
	});
});

describe('the OGC HTML pages’ values', () => {
	it('writes fractions in the reader’s notation and leaves years and codes alone', () => {
		expect(propertyText(187.00164865755946, 'it')).toBe('187,002');
		expect(propertyText(187.00164865755946, 'en')).toBe('187.002');
		expect(propertyText(12345.5, 'it')).toBe('12345,5');
		expect(propertyText(2021, 'it')).toBe('2021');
		expect(propertyText('046017', 'it')).toBe('046017');
		expect(propertyText(['046017', '046007'], 'en')).toBe('["046017","046007"]');
		expect(propertyText(null, 'it')).toBeNull();
		expect(propertyText('', 'it')).toBeNull();
	});

	it('tabulates the plain properties in the order first seen, skipping lists', () => {
		const columns = tableColumns([
			{ id: 'a', municipalities: ['046017'], status: 'planned' },
			{ id: 'b', cost: null, status: 'done' }
		]);
		expect(columns).toEqual(['id', 'status', 'cost']);
		expect(tableColumns([Object.fromEntries([...'abcdefghij'].map((k) => [k, 1]))], 3)).toEqual([
			'a',
			'b',
			'c'
		]);
	});

	it('links a feature to its page on the atlas, or to its layer', () => {
		expect(atlasPageOf('municipalities', 46017, { istat: '046017' })).toBe('/comuni/046017');
		expect(atlasPageOf('interventions', 'inf-01', {})).toBe('/interventi/inf-01');
		expect(atlasPageOf('observations', 7, {})).toBe('/osservazioni/7');
		expect(atlasPageOf('districts', 'x', {})).toBe('/?layers=districts');
	});
});
