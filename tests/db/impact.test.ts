import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Geometry } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	interventionCandidates,
	municipalityShares,
	nearbyCandidates,
	type NearbyCandidate
} from '../../src/lib/impact.ts';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { impactQueries } from '../../src/lib/server/impact-queries.ts';
import {
	FRANCIGENA_DENSIFIED_10000,
	ZIGZAG_CROSSING_ITSELF
} from '../fixtures/proposals/geometries.ts';
import { ENGINES, loadedDatabase, MIRROR_DIR, ROOT } from '../support/engines.ts';

const FIXTURES = path.join(ROOT, 'tests/fixtures/impact');
const cases = [
	...readdirSync(path.join(FIXTURES, 'in')).map((file) => ({
		name: file.replace('.geojson', ''),
		geometry: JSON.parse(readFileSync(path.join(FIXTURES, 'in', file), 'utf8')) as Geometry
	})),
	// Generated, not stored (200 kB of coordinates): see its definition.
	{ name: 'line-francigena-densified-10000', geometry: FRANCIGENA_DENSIFIED_10000 as Geometry },
	// A real imported track: a walker's Via Francigena through the province (2,616 points, komoot on
	// OpenStreetMap data), read from the mirror, never copied here (its README gives the source).
	{ name: 'line-via-francigena-track', geometry: viaFrancigenaTrack() }
];

function viaFrancigenaTrack(): Geometry {
	const file = path.join(MIRROR_DIR, 'reference/via_francigena_route_lucca.geojson');
	const json = JSON.parse(readFileSync(file, 'utf8')) as {
		type: string;
		features?: { geometry: Geometry }[];
		geometry?: Geometry;
	};
	return json.features?.[0]?.geometry ?? json.geometry ?? (json as unknown as Geometry);
}
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

	it.each(cases)(
		'$name: the browser finds what PostGIS finds within 1 km, at the same distances',
		async ({ name, geometry }) => {
			const distanceKm = 1;
			const server = await impactQueries(db).computeImpact(geometry, distanceKm);
			// What the editor fetches from the API: layer features and located interventions.
			const features = await db.query<NearbyCandidate & { geometry: string }>(
				`select layer_id as layer, feature_id as id, name, kind, ST_AsGeoJSON(geom, 7) as geometry
				 from public.layer_feature
				 where kind in ('bottleneck', 'station', 'technology-pole', 'puccini-place')`
			);
			const interventions = interventionCandidates(
				(await createAtlas(db).listInterventions()).features
			);
			const browser = nearbyCandidates(
				geometry,
				[...features.map((f) => ({ ...f, geometry: JSON.parse(f.geometry) })), ...interventions],
				distanceKm
			);
			const found = new Map(browser.map((b) => [`${b.layer}:${b.id}`, b.distance_km]));
			const expected = new Map<string, number>([
				...server.nearby
					.filter((n) => n.kind !== 'district')
					.map((n) => [`${n.layer}:${n.id}`, n.distance_km] as const),
				...server.interventions.map((i) => [`interventions:${i.id}`, i.distance_km] as const)
			]);
			expect(expected.size, `${name}: something to compare`).toBeGreaterThan(0);
			// Away from the threshold (spheroid and sphere differ by a few tenths of a percent),
			// each side finds what the other finds, at the same distance within 0.5% or 2 m.
			for (const [key, km] of expected) {
				if (km > 0.98 * distanceKm) continue;
				expect(found.has(key), `${name}: the browser misses ${key} at ${km} km`).toBe(true);
				expect(Math.abs(found.get(key)! - km), `${name}: ${key}`).toBeLessThanOrEqual(
					Math.max(0.005 * km, 0.002)
				);
			}
			for (const [key, km] of found)
				if (km <= 0.98 * distanceKm)
					expect(expected.has(key), `${name}: the browser adds ${key} at ${km} km`).toBe(true);
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

	it('bug: a line crossing itself thousands of times has its impact, not an error', async () => {
		const impact = await impactQueries(db).computeImpact(ZIGZAG_CROSSING_ITSELF, 1);
		expect(impact.municipalities.map((m) => m.istat)).toContain('046017');
		// Segment by segment, the lengths add up to the line's own (measured by PostGIS).
		const [{ km }] = await db.query<{ km: number }>(
			'select ST_Length(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography) / 1000 as km',
			[JSON.stringify(ZIGZAG_CROSSING_ITSELF)]
		);
		const inside = impact.municipalities.reduce((sum, m) => sum + (m.length_km ?? 0), 0);
		expect(inside).toBeLessThanOrEqual(Number(km) * 1.000001);
		expect(inside).toBeGreaterThan(Number(km) * 0.99);
	});
});
