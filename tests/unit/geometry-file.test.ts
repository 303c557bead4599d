import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { readGeometryFile } from '../../src/lib/drawing/geometry-file.ts';

const dir = path.resolve(import.meta.dirname, '../fixtures/read-geometry-file');
const parseXml = (text: string) =>
	new DOMParser({ onError: () => {} }).parseFromString(text, 'text/xml') as unknown as Document;
const read = (name: string) =>
	readGeometryFile({ name, text: readFileSync(path.join(dir, name), 'utf8') }, parseXml);

describe('readGeometryFile', () => {
	it('takes the one line of a QGIS GeoJSON export, dropping its heights', async () => {
		expect(await read('qgis-line-z.geojson')).toEqual({
			ok: true,
			geometry: {
				type: 'LineString',
				coordinates: [
					[10.47, 43.85],
					[10.55, 43.845],
					[10.6, 43.83]
				]
			}
		});
	});

	it('reads a KML polygon', async () => {
		const result = await read('area.kml');
		expect(result.ok && result.geometry.type).toBe('Polygon');
		expect(result.ok && result.geometry.coordinates[0]).toHaveLength(5);
	});

	it('names projected coordinates instead of placing them in the sea', async () => {
		expect(await read('projected-metres.geojson')).toEqual({
			ok: false,
			key: 'drawing.file.projected'
		});
	});

	it('refuses a file with more than one geometry, saying how many', async () => {
		expect(await read('two-features.geojson')).toEqual({
			ok: false,
			key: 'drawing.file.notOne',
			params: { count: '2' }
		});
	});

	it('refuses a broken KML and an unknown file type', async () => {
		expect(await read('broken.kml')).toMatchObject({ ok: false, key: 'drawing.file.badKml' });
		expect(await readGeometryFile({ name: 'tracciato.shp', text: '' }, parseXml)).toEqual({
			ok: false,
			key: 'drawing.file.unknownType'
		});
	});

	it('refuses invalid JSON and a line of one point', async () => {
		expect(await readGeometryFile({ name: 'a.geojson', text: '{' }, parseXml)).toEqual({
			ok: false,
			key: 'problem.badJson'
		});
		const onePoint = JSON.stringify({ type: 'LineString', coordinates: [[10.5, 43.8]] });
		expect(await readGeometryFile({ name: 'a.json', text: onePoint }, parseXml)).toEqual({
			ok: false,
			key: 'problem.lineTooFewPoints'
		});
	});
});
