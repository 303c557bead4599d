import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeodataError } from '../../src/lib/geodata/errors.ts';
import { parseMunicipalBoundaries } from '../../src/lib/geodata/municipalities.ts';

// Golden files: tests/fixtures/parse-municipal-boundaries/{in,out}. UPDATE_FIXTURES=1 rewrites out/.
const dir = path.resolve(import.meta.dirname, '../fixtures/parse-municipal-boundaries');
const inputs = readdirSync(path.join(dir, 'in')).filter((f) => f.endsWith('.geojson'));

/** Signed area of a ring in lon/lat: positive when counter-clockwise. */
function signedArea(ring: number[][]): number {
	let sum = 0;
	for (let i = 0; i < ring.length - 1; i++)
		sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return sum / 2;
}

function outcome(file: string) {
	const text = readFileSync(path.join(dir, 'in', file), 'utf8');
	try {
		return {
			municipalities: parseMunicipalBoundaries(text, { file, province: '046' }).map((m) => ({
				istat: m.istat,
				name: m.name,
				areaKm2: Number(m.areaKm2.toFixed(6)),
				polygons: m.geometry.coordinates.length,
				outerRingsCounterClockwise: m.geometry.coordinates.every((p) => signedArea(p[0]) > 0),
				holesClockwise: m.geometry.coordinates.every((p) =>
					p.slice(1).every((h) => signedArea(h) < 0)
				)
			}))
		};
	} catch (error) {
		if (!(error instanceof GeodataError)) throw error;
		return {
			error: { message: error.message, record: error.record ?? null, field: error.field ?? null }
		};
	}
}

describe('parseMunicipalBoundaries golden files', () => {
	it.each(inputs)('%s', (file) => {
		const actual = outcome(file);
		const outFile = path.join(dir, 'out', file.replace(/\.geojson$/, '.json'));
		if (process.env.UPDATE_FIXTURES === '1')
			writeFileSync(outFile, JSON.stringify(actual, null, '\t') + '\n');
		expect(actual).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
	});
});

describe('parseMunicipalBoundaries errors name file, record and field', () => {
	const parse = (name: string) => () =>
		parseMunicipalBoundaries(readFileSync(path.join(dir, 'in', `${name}.geojson`), 'utf8'), {
			file: name,
			province: '046'
		});

	it('rejects bad JSON', () => {
		expect(parse('bad-json')).toThrowError(/^bad-json: not valid JSON/);
	});
	it('rejects a point where a polygon belongs', () => {
		expect(parse('wrong-geometry-type')).toThrowError(
			/record #0 \(046001 Alfa\), field "geometry": geometry must be a Polygon or MultiPolygon, found "Point"/
		);
	});
	it('rejects a record without an ISTAT code', () => {
		expect(parse('missing-istat-code')).toThrowError(
			/record #0 \(Alfa\), field "properties.com_istat_code"/
		);
	});
	it('rejects duplicate ISTAT codes', () => {
		expect(parse('duplicate-istat-codes')).toThrowError(
			/record #1 \(046001 Alfa bis\).*duplicate ISTAT code 046001/
		);
	});
	it('rejects swapped latitude and longitude', () => {
		expect(parse('coordinates-outside-italy')).toThrowError(
			/field "geometry.coordinates": coordinate \[43.8, 10.5\] lies outside Italy/
		);
	});
	it('rejects a municipality of another province', () => {
		expect(parse('wrong-province')).toThrowError(/belongs to province 045, not 046/);
	});
});
