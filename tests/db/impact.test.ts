import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Geometry } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { municipalityShares } from '../../src/lib/impact.ts';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { impactQueries } from '../../src/lib/server/impact-queries.ts';
import { ENGINES, loadedDatabase, ROOT } from '../support/engines.ts';

const FIXTURES = path.join(ROOT, 'tests/fixtures/impact');
const cases = readdirSync(path.join(FIXTURES, 'in')).map((file) => ({
	name: file.replace('.geojson', ''),
	geometry: JSON.parse(readFileSync(path.join(FIXTURES, 'in', file), 'utf8')) as Geometry
}));
/** The share's size, whichever it is. */
const size = (s: { length_km?: number; area_km2?: number }) => s.length_km ?? s.area_km2 ?? 0;

describe.each(ENGINES)('impact analysis on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let data: AtlasData;

	beforeAll(async () => {
		({ db, drop, data } = await loadedDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it.each(cases)(
		'$name: the browser’s shares agree with PostGIS within 0.5%',
		async ({ name, geometry }) => {
			const server = await impactQueries(db).municipalityShares(geometry);
			const browser = municipalityShares(geometry, data.municipalities);
			expect(browser.map((s) => s.istat)).toEqual(server.map((s) => s.istat));
			for (const [index, share] of server.entries()) {
				const difference = Math.abs(size(browser[index]) - size(share)) / size(share);
				expect(difference, `${name} ${share.name}`).toBeLessThan(0.005);
			}
			// Golden file: PostGIS's answer, rounded to the metre; regenerate with UPDATE_FIXTURES=1.
			const golden = path.join(FIXTURES, 'out', `${name}.json`);
			const rounded = server.map((s) => ({
				istat: s.istat,
				name: s.name,
				...(s.length_km !== undefined ? { length_km: Number(s.length_km.toFixed(3)) } : {}),
				...(s.area_km2 !== undefined ? { area_km2: Number(s.area_km2.toFixed(4)) } : {})
			}));
			if (process.env.UPDATE_FIXTURES === '1') {
				mkdirSync(path.dirname(golden), { recursive: true });
				writeFileSync(golden, JSON.stringify(rounded, null, '\t') + '\n');
			}
			expect(rounded).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
		}
	);

	it('lists what lies within the chosen distance, with geodesic distances, and suggests an ambito', async () => {
		const line = cases.find((c) => c.name === 'line-lucca-capannori')!.geometry;
		const impact = await impactQueries(db).computeImpact(line, 1);
		expect(impact.municipalities.map((m) => m.name)).toEqual(['Lucca', 'Capannori']);
		expect(impact.nearby.length).toBeGreaterThan(0);
		for (const feature of impact.nearby) expect(feature.distance_km).toBeLessThanOrEqual(1);
		const distances = impact.nearby.map((n) => n.distance_km);
		expect([...distances].sort((a, b) => a - b)).toEqual(distances);
		const wider = await impactQueries(db).computeImpact(line, 5);
		expect(wider.nearby.length).toBeGreaterThan(impact.nearby.length);
		expect(impact.suggested_ambito).toBe(1);
	});
});
