import { readFileSync } from 'node:fs';
import path from 'node:path';
import { coordAll } from '@turf/meta';
import { kml } from '@tmcw/togeojson';
import { wktToGeoJSON } from '@terraformer/wkt';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
	downloadFilename,
	toCsvFile,
	toGeoJSONFile,
	toKmlFile,
	type DownloadMeta
} from '../../src/lib/server/downloads.ts';

type Props = Record<string, unknown>;
type Collection = FeatureCollection<Geometry | null, Props>;

const curated = (file: string) =>
	JSON.parse(
		readFileSync(path.resolve(import.meta.dirname, '../../geodata/curated/046', file), 'utf8')
	) as Collection;

/** Real features of the atlas: points, lines, multi-lines (bottlenecks), points and lines (Puccini). */
const REAL: Record<string, Collection> = {
	bottlenecks: curated('bottlenecks.geojson'),
	'technology-poles': curated('technology-poles.geojson'),
	puccini: curated('puccini-places.geojson')
};

/** What real data rarely has at once: CSV and XML specials, unknown values, nesting, holes. */
const AWKWARD: Collection = {
	type: 'FeatureCollection',
	features: [
		{
			type: 'Feature',
			id: 'a-1',
			properties: {
				name: 'Ponte «Santa Maria», 1° lotto; "fase" <A> & B',
				note: 'due\nrighe, con virgola',
				cost_eur: 1250000.5,
				estimated: false,
				year: null,
				municipalities: [{ istat: '046017', name: 'Lucca' }],
				wkt: 'a property with a geometry column’s name'
			},
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[10.1, 43.8],
						[10.3, 43.8],
						[10.3, 44.0],
						[10.1, 44.0],
						[10.1, 43.8]
					],
					[
						[10.15, 43.85],
						[10.2, 43.85],
						[10.2, 43.9],
						[10.15, 43.85]
					]
				]
			}
		},
		{
			type: 'Feature',
			id: 'a-2',
			properties: { name: 'Senza geometria', estimated: true, lon: 'not a coordinate' },
			geometry: null
		},
		{
			type: 'Feature',
			id: 'a-3',
			properties: { name: 'Punti', kind: 'multi' },
			geometry: {
				type: 'MultiPoint',
				coordinates: [
					[10.50512, 43.84321],
					[10.6, 43.9]
				]
			}
		}
	]
};

/** Points only, one with a property named like a coordinate column. */
const POINTS: Collection = {
	type: 'FeatureCollection',
	features: [
		{
			type: 'Feature',
			id: 7,
			properties: { name: 'Stazione', lat: '43°50′ N' },
			geometry: { type: 'Point', coordinates: [10.50512, 43.84321] }
		},
		{
			type: 'Feature',
			id: 8,
			properties: { name: 'Porto', lon: -1 },
			geometry: { type: 'Point', coordinates: [10.24, 43.86] }
		}
	]
};

const CASES: Record<string, Collection> = { ...REAL, awkward: AWKWARD, points: POINTS };

const meta = (id: string): DownloadMeta => ({
	id,
	title: `Livello ${id}`,
	description: 'Descrizione con <caratteri> & "virgolette"',
	licence: 'CC BY 4.0',
	attribution: `Livello ${id}: ISTAT; AGCOM`,
	sources: [{ title: 'ISTAT & Openpolis', url: 'https://example.org/istat?a=1&b=2' }]
});

/** A CSV cell read back as the value it was written from (the file's rule: JSON for the rest). */
function readBack(cell: string, original: unknown): unknown {
	if (original === null || original === undefined) return cell === '' ? original : cell;
	if (typeof original === 'number') return Number(cell);
	if (typeof original === 'boolean') return cell === 'true';
	if (typeof original === 'string') return cell;
	return JSON.parse(cell);
}

describe('CSV downloads', () => {
	for (const [name, collection] of Object.entries(CASES)) {
		it(`gives back every attribute and geometry of ${name}`, () => {
			const csv = toCsvFile(collection);
			const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
			expect(rows).toHaveLength(collection.features.length);
			const points = collection.features.every((f) => f.geometry?.type === 'Point');
			const geometryColumns = points ? ['wkt', 'lon', 'lat'] : ['wkt'];
			rows.forEach((row, index) => {
				const feature = collection.features[index];
				for (const [key, value] of Object.entries(feature.properties)) {
					const column = geometryColumns.includes(key) ? `property_${key}` : key;
					expect(column in row, `${name} #${index} ${column}`).toBe(true);
					expect(readBack(row[column], value), `${name} #${index} ${key}`).toEqual(value);
				}
				if (feature.geometry) expect(wktToGeoJSON(row.wkt)).toEqual(feature.geometry);
				else expect(row.wkt).toBe('');
			});
		});
	}

	it('adds lon and lat to a layer of points only', () => {
		const points = REAL['technology-poles'];
		expect(points.features.every((f) => f.geometry?.type === 'Point')).toBe(true);
		const rows = parse(toCsvFile(points), { bom: true, columns: true }) as Record<string, string>[];
		rows.forEach((row, index) => {
			const [lon, lat] = (points.features[index].geometry as { coordinates: number[] }).coordinates;
			expect([Number(row.lon), Number(row.lat)]).toEqual([lon, lat]);
		});
		const mixed = parse(toCsvFile(REAL.bottlenecks), { bom: true, columns: true }) as Record<
			string,
			string
		>[];
		expect(Object.keys(mixed[0])).not.toContain('lon');
	});

	it('starts with a byte-order mark and a header of distinct names', () => {
		const csv = toCsvFile(AWKWARD);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const [header] = parse(csv, { bom: true, to_line: 1 }) as string[][];
		expect(new Set(header).size).toBe(header.length);
		expect(header.at(-1)).toBe('wkt');
	});
});

/** Properties as KML carries them: unknown values left out, text as is, the rest as JSON. */
const asKmlValues = (properties: Props) =>
	Object.fromEntries(
		Object.entries(properties)
			.filter(([, v]) => v !== null && v !== undefined)
			.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
	);

describe('KML downloads', () => {
	for (const [name, collection] of Object.entries(CASES)) {
		it(`gives back the features of ${name} through togeojson`, () => {
			const text = toKmlFile(collection, meta(name), 'it');
			const document = new DOMParser().parseFromString(text, 'text/xml');
			const back = kml(document as unknown as Document);
			expect(back.features).toHaveLength(collection.features.length);
			back.features.forEach((feature, index) => {
				const original = collection.features[index];
				expect(feature.id ?? null, `${name} #${index} id`).toEqual(
					original.id === undefined ? null : String(original.id)
				);
				// togeojson reads every value back as text.
				const values = Object.fromEntries(
					Object.entries(feature.properties ?? {}).map(([k, v]) => [
						k,
						typeof v === 'string' ? v : JSON.stringify(v)
					])
				);
				expect(values, `${name} #${index}`).toEqual(asKmlValues(original.properties));
				const coordinates = (g: Geometry | null) =>
					g ? coordAll(g as Geometry).map(([x, y]) => [x, y]) : [];
				expect(coordinates(feature.geometry as Geometry | null)).toEqual(
					coordinates(original.geometry)
				);
			});
		});
	}

	it('names the dataset and states its licence, attribution and sources in the Document', () => {
		const text = toKmlFile(AWKWARD, meta('awkward'), 'en');
		const document = new DOMParser().parseFromString(text, 'text/xml');
		const kmlDocument = document.getElementsByTagName('Document')[0];
		const child = (tag: string) =>
			Array.from(kmlDocument.childNodes).find((n) => n.nodeName === tag)?.textContent ?? '';
		expect(child('name')).toBe('Livello awkward');
		const description = child('description');
		expect(description).toContain('Licence: CC BY 4.0');
		expect(description).toContain('Attribution: Livello awkward: ISTAT; AGCOM');
		expect(description).toContain('ISTAT & Openpolis <https://example.org/istat?a=1&b=2>');
		expect(description).toContain('Descrizione con <caratteri> & "virgolette"');
	});
});

describe('GeoJSON downloads', () => {
	it('carries licence, attribution and sources as top-level members, features untouched', () => {
		const file = JSON.parse(toGeoJSONFile(REAL.bottlenecks, meta('bottlenecks')));
		expect(file.type).toBe('FeatureCollection');
		expect(file.licence).toBe('CC BY 4.0');
		expect(file.attribution).toBe('Livello bottlenecks: ISTAT; AGCOM');
		expect(file.sources).toEqual(meta('bottlenecks').sources);
		expect(file.features as Feature[]).toEqual(REAL.bottlenecks.features);
	});
});

describe('download file names', () => {
	it('name the dataset, the part and the format', () => {
		expect(downloadFilename('interventions', 'csv', '046007')).toBe(
			'atlante-lucca-2030-interventions-046007.csv'
		);
		expect(downloadFilename('bottlenecks', 'kml')).toBe('atlante-lucca-2030-bottlenecks.kml');
	});
});
