import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import type { Opportunity } from '../../src/lib/opportunities.ts';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { Database, Queryable } from '../../src/lib/server/db/engine.ts';
import { contentHash, loadAtlasData } from '../../src/lib/server/db/load-atlas-data.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { interventionEdits } from '../../src/lib/server/intervention-edits.ts';
import { interventionEditSchema } from '../../src/lib/intervention-edit.ts';
import {
	ENGINES,
	freshDatabase,
	loadedDatabase,
	MIGRATIONS_DIR,
	realAtlasData,
	ROOT
} from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

/** listOpportunities() as it answered before the precomputation, on the same build. */
const GOLDEN = JSON.parse(
	readFileSync(path.join(ROOT, 'tests/fixtures/opportunities/current-results.json'), 'utf8')
) as { snapshot: string | null; opportunities: Opportunity[] };

const SITES_MIGRATION = '20261130110000';
const REGIS_MIGRATION = '20261201110000';
const key = (o: { kind: string; id: string }) => `${o.kind}:${o.id}`;

interface Measured {
	km: number;
	/** Every station at that distance (several when they lie within an area). */
	nearest: string[];
	/** The nearest of those to the point the result is drawn at. */
	nearestToPoint: string;
}

/**
 * Every candidate measured against every station of the province, straight from the loaded
 * tables: geodesic distances by PostGIS, the minimum taken here.
 */
async function bruteForce(db: Queryable): Promise<Map<string, Measured>> {
	const rows = await db.query<{
		kind: string;
		id: string;
		station: string;
		km: number;
		to_point: number;
	}>(
		`with candidate as (
			select 'municipality' as kind, istat as id, geom, ST_PointOnSurface(geom) as point from municipality
			union all
			select kind, feature_id, geom, case when GeometryType(geom) = 'POINT' then geom else ST_PointOnSurface(geom) end
			from layer_feature where kind in ('technology-pole', 'district'))
		 select c.kind, c.id, s.name as station,
			(ST_Distance(s.geom::geography, c.geom::geography) / 1000)::float8 as km,
			ST_Distance(s.geom::geography, c.point::geography)::float8 as to_point
		 from candidate c cross join layer_feature s where s.kind = 'station'`
	);
	const byCandidate = Map.groupBy(rows, key);
	return new Map(
		[...byCandidate].map(([candidate, stations]) => {
			const km = Math.min(...stations.map((s) => s.km));
			const nearest = stations.filter((s) => s.km - km < 1e-9);
			nearest.sort((a, b) => a.to_point - b.to_point || a.station.localeCompare(b.station));
			return [
				candidate,
				{ km, nearest: nearest.map((s) => s.station), nearestToPoint: nearest[0].station }
			];
		})
	);
}

describe.each(ENGINES)('opportunity sites computed at load time, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let data: AtlasData;

	beforeAll(async () => {
		({ db, drop, data } = await loadedDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('answers as the per-request query did: same order, same fields, distances within 1e-6 km', async () => {
		const now = await createAtlas(db).listOpportunities();
		const measured = await bruteForce(db);
		expect(now.snapshot).toBe(GOLDEN.snapshot);
		expect(now.opportunities.map(key)).toEqual(GOLDEN.opportunities.map(key));
		let renamed = 0;
		for (const [index, then] of GOLDEN.opportunities.entries()) {
			const { station_km, nearest_station, ...rest } = now.opportunities[index];
			const { station_km: thenKm, nearest_station: thenStation, ...thenRest } = then;
			expect(rest, key(then)).toEqual(thenRest);
			expect(Math.abs(station_km! - thenKm!), key(then)).toBeLessThan(1e-6);
			if (nearest_station === thenStation) continue;
			// Only where several stations lie equally near (within an area) may the name differ:
			// the old query named whichever its index walk met first.
			renamed++;
			const tied = measured.get(key(then))!.nearest;
			expect(tied.length, key(then)).toBeGreaterThan(1);
			expect(tied, key(then)).toContain(thenStation);
			expect(tied, key(then)).toContain(nearest_station);
		}
		expect(renamed).toBeLessThan(GOLDEN.opportunities.length / 4);
	});

	it('agrees with measuring every station for every candidate', async () => {
		const { opportunities } = await createAtlas(db).listOpportunities();
		const measured = await bruteForce(db);
		expect(opportunities).toHaveLength(measured.size);
		for (const o of opportunities) {
			const truth = measured.get(key(o))!;
			expect(o.station_km, key(o)).toBeCloseTo(truth.km, 9);
			expect(o.nearest_station, key(o)).toBe(truth.nearestToPoint);
		}
		expect(opportunities.filter((o) => o.station_km === 0).length).toBeGreaterThan(0);
		expect(opportunities.filter((o) => o.station_km! > 0).length).toBeGreaterThan(0);
	});

	it('counts interventions under way live: a reviewer’s status edit shows at once', async () => {
		const [rita] = Object.values(await addMembers(db, [['rita', 'Rita Revisori', 'reviewer']]));
		const counts = async () =>
			new Map(
				(await createAtlas(db).listOpportunities()).opportunities.map((o) => [
					key(o),
					o.interventions_under_way
				])
			);
		// An imported intervention in Barga that also extends a technology pole, not yet under way.
		await db.query(
			`insert into public.intervention (id, code, title_it, sources, origin, status, status_source)
			 values ('prova-sito', 'PROVA-SITO', 'Banda ultralarga a Barga', '[{"title":"Delibera di prova"}]',
				'import', 'planned', 'Delibera di prova')`
		);
		await db.query(
			`insert into public.intervention_municipality (intervention_id, istat) values ('prova-sito', '046003')`
		);
		await db.query(
			`insert into public.intervention_feature (intervention_id, layer_id, feature_id, relation)
			 values ('prova-sito', 'technology-poles', 'polo-tecnologico-lucchese', 'extends')`
		);
		const before = await counts();
		const setStatus = async (status: string) => {
			const editable = (await interventionEdits(db).getEditable('prova-sito'))!;
			const edit = interventionEditSchema.parse({
				title_it: editable.title_it,
				status,
				status_source: 'Delibera di prova',
				version: editable.version
			});
			await interventionEdits(db).editIntervention({ userId: rita }, 'prova-sito', edit);
		};

		await setStatus('in_progress');
		const during = await counts();
		const concerned = new Set(
			GOLDEN.opportunities
				.filter(
					(o) =>
						o.municipalities.some((m) => m.istat === '046003') ||
						o.id === 'polo-tecnologico-lucchese'
				)
				.map(key)
		);
		// Barga, the paper district it belongs to, and the pole.
		expect(concerned.size).toBe(3);
		expect(during.size).toBe(GOLDEN.opportunities.length);
		expect([...concerned].map((c) => during.get(c)! - before.get(c)!)).toEqual([1, 1, 1]);
		for (const [candidate, n] of during)
			expect(n, candidate).toBe(before.get(candidate)! + (concerned.has(candidate) ? 1 : 0));

		await setStatus('completed');
		expect(await counts()).toEqual(before);
	});

	it('only the data load writes the sites: the public reads them, anon and members write nothing', async () => {
		const as = <T>(role: 'anon' | 'authenticated', sql: string) =>
			db.transaction(async (tx) => {
				await tx.exec(`set local role ${role}`);
				return tx.query<T>(sql);
			});
		const refused = (promise: Promise<unknown[]>) =>
			promise.then(
				(rows) => `${rows.length} rows`,
				(error: Error) => error.message
			);
		for (const role of ['anon', 'authenticated'] as const) {
			const [{ count }] = await as<{ count: number }>(
				role,
				'select count(*)::int4 as count from opportunity_site'
			);
			expect(count).toBe(GOLDEN.opportunities.length);
			expect(
				await refused(
					as(
						role,
						`insert into opportunity_site (kind, id, name, sectors, municipalities, point)
						 values ('municipality', '046999', 'Finto', '{}', '{}', ST_SetSRID(ST_MakePoint(10, 43), 4326))`
					)
				)
			).toMatch(/permission denied|row-level security/);
			expect(
				await refused(as(role, `update opportunity_site set station_km = 99 returning id`))
			).toMatch(/permission denied|^0 rows$/);
			expect(await refused(as(role, `delete from opportunity_site returning id`))).toMatch(
				/permission denied|^0 rows$/
			);
			expect(await refused(as(role, 'select public.refresh_opportunity_sites()'))).toMatch(
				/permission denied/
			);
		}
		const [{ count, far }] = await db.query<{ count: number; far: number }>(
			'select count(*)::int4 as count, count(*) filter (where station_km = 99)::int4 as far from opportunity_site'
		);
		expect([count, far]).toEqual([GOLDEN.opportunities.length, 0]);
	});

	it('is refilled with a changed geodata build, in the same load', async () => {
		// A changed build: a new station right at the Capannori technology pole.
		const pole = data.layerFeatures.find((f) => f.properties.id === 'polo-tecnologico-capannori')!;
		const station = data.layerFeatures.find((f) => f.properties.kind === 'station')!;
		const changed: AtlasData = {
			...data,
			layerFeatures: [
				...data.layerFeatures,
				{
					...station,
					properties: { ...station.properties, id: 'station-prova', name: 'Stazione di prova' },
					geometry: pole.geometry
				}
			]
		};
		const poleBefore = (await createAtlas(db).listOpportunities()).opportunities.find(
			(o) => o.id === 'polo-tecnologico-capannori'
		)!;
		expect(poleBefore.station_km).toBeGreaterThan(0);

		expect(await loadAtlasData(db, changed, contentHash(JSON.stringify(changed)))).toBe(true);
		const { opportunities } = await createAtlas(db).listOpportunities();
		const poleAfter = opportunities.find((o) => o.id === 'polo-tecnologico-capannori')!;
		expect([poleAfter.station_km, poleAfter.nearest_station]).toEqual([0, 'Stazione di prova']);
		const measured = await bruteForce(db);
		for (const o of opportunities) {
			expect(o.station_km, key(o)).toBeCloseTo(measured.get(key(o))!.km, 9);
			expect(o.nearest_station, key(o)).toBe(measured.get(key(o))!.nearestToPoint);
		}
	});
});

describe.each(ENGINES)(
	'a database loaded before the opportunity sites existed, on %s',
	(engine) => {
		let db: Database;
		let drop: () => Promise<void>;

		beforeAll(async () => {
			({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
		});
		afterAll(async () => drop?.());

		it('gets its sites from the migration itself (the load skips an unchanged build)', async () => {
			const migrations = await readMigrations(MIGRATIONS_DIR);
			// The columns today's loader writes come too (the ReGiS phase, added later): the load below
			// stands for the previous release's, which wrote the interventions it knew.
			await migrate(
				db,
				migrations.filter((m) => m.version < SITES_MIGRATION || m.version === REGIS_MIGRATION)
			);
			// The data as the previous release loaded it, which knew nothing of the sites.
			await db.exec(
				'create function public.refresh_opportunity_sites() returns void language sql as $$ $$'
			);
			const data = await realAtlasData();
			const hash = contentHash(JSON.stringify(data));
			// That release's build had no statements on the ambiti nor national context either (their
			// tables came later).
			const { ambitoStatements: _later, nationalContext: _national, ...previous } = data;
			expect(await loadAtlasData(db, previous as typeof data, hash)).toBe(true);
			await db.exec('drop function public.refresh_opportunity_sites()');

			expect(await migrate(db, migrations)).toContain(SITES_MIGRATION);
			expect(await loadAtlasData(db, data, hash)).toBe(false);
			const { opportunities } = await createAtlas(db).listOpportunities();
			expect(opportunities.map(key)).toEqual(GOLDEN.opportunities.map(key));
			const measured = await bruteForce(db);
			for (const o of opportunities)
				expect(o.station_km, key(o)).toBeCloseTo(measured.get(key(o))!.km, 9);
		});
	}
);
