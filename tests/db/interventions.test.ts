import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { contentHash, loadAtlasData } from '../../src/lib/server/db/load-atlas-data.ts';
import {
	ENGINES,
	freshDatabase,
	loadedDatabase,
	migrated,
	MIRROR_DIR,
	realAtlasData
} from '../support/engines.ts';

const load = (db: Database, data: AtlasData) =>
	loadAtlasData(db, data, contentHash(JSON.stringify(data)));

describe.each(ENGINES)('plan interventions on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let data: AtlasData;

	beforeAll(async () => {
		({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
		await migrated(db);
		data = await realAtlasData();
		expect(await load(db, data)).toBe(true);
	});
	afterAll(async () => drop?.());

	it('holds the 8 ambiti and 6 guidelines of the protocol, in Italian and English', async () => {
		const ambiti = await db.query<{ code: number; name_it: string; name_en: string }>(
			'select code, name_it, name_en from ambito order by code'
		);
		expect(ambiti.map((a) => a.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(ambiti[7].name_it).toBe('Semplificazione della P.A.');
		expect(ambiti.every((a) => a.name_en.length > 0)).toBe(true);
		const [{ count }] = await db.query<{ count: number }>(
			'select count(*)::int4 as count from guideline'
		);
		expect(count).toBe(6);
	});

	it('loads every seed intervention with its links, funding lines and an insert in its history', async () => {
		const rows = await db.query<{ id: string; origin: string; inserts: number }>(
			`select i.id, i.origin, (select count(*)::int4 from intervention_change c
				where c.intervention_id = i.id and c.operation = 'insert' and c.changed_by = 'geodata build') as inserts
			 from intervention i order by id`
		);
		expect(rows.map((r) => r.id)).toEqual(data.interventions.map((i) => i.id).sort());
		expect(rows.every((r) => r.origin === 'seed' && r.inserts === 1)).toBe(true);
		const [pistoia] = await db.query<{
			amount: string;
			municipalities: string[];
			resolves: string;
		}>(
			`select (select sum(amount_eur)::text from funding_line where intervention_id = i.id) as amount,
				(select array_agg(istat order by istat) from intervention_municipality where intervention_id = i.id) as municipalities,
				(select feature_id from intervention_feature where intervention_id = i.id and relation = 'resolves') as resolves
			 from intervention i where i.code = 'RFI-1346'`
		);
		expect(Number(pistoia.amount)).toBe(364_120_000);
		expect(pistoia.resolves).toBe('binario-unico-lucca-pescia');
		// The municipalities of the bottleneck it resolves are the intervention's too.
		expect(pistoia.municipalities).toEqual(['046001', '046007', '046017', '046026']);
	});

	it('keeps unknown fields of PNRR projects empty, never invented', async () => {
		const pnrr = await db.query<{
			title_it: string | null;
			status: string | null;
			cost_eur: string | null;
			primary_ambito: number | null;
			amount: string | null;
		}>(
			`select i.title_it, i.status, i.cost_eur, i.primary_ambito, f.amount_eur as amount
			 from intervention i join funding_line f on f.intervention_id = i.id
			 where f.kind = 'pnrr' and i.regis_phase is null`
		);
		// The 37 OpenCUP projects, less the 5 the Region's ReGiS snapshot completes.
		expect(pnrr.length).toBe(37 - 5);
		for (const row of pnrr)
			expect(row).toEqual({
				title_it: null,
				status: null,
				cost_eur: null,
				primary_ambito: null,
				amount: null
			});
	});

	it('loads the ReGiS works as published: titles, PNRR amounts, phases and the snapshot date', async () => {
		// The mirror's file, read here with csv-parse, independently of the build's parser.
		const published = parse(
			readFileSync(path.join(MIRROR_DIR, 'reference/pnrr_public_works_versilia.csv'), 'utf8'),
			{ columns: true }
		) as Record<string, string>[];
		const rows = await db.query<{
			cup: string;
			title_it: string;
			regis_phase: string;
			regis_snapshot: string;
			status: string | null;
			amount: string;
			municipalities: string[];
		}>(
			`select i.cup, i.title_it, i.regis_phase, i.regis_snapshot::text as regis_snapshot, i.status,
				(select sum(amount_eur)::text from funding_line f
					where f.intervention_id = i.id and f.kind = 'pnrr') as amount,
				(select array_agg(istat order by istat) from intervention_municipality m
					where m.intervention_id = i.id) as municipalities
			 from intervention i where i.regis_phase is not null order by i.cup`
		);
		expect(rows.map((r) => r.cup)).toEqual(published.map((p) => p.cup).sort());
		for (const work of published) {
			const row = rows.find((r) => r.cup === work.cup)!;
			expect(row, work.cup).toEqual({
				cup: work.cup,
				title_it: work.titolo,
				regis_phase: work.fase_regis,
				regis_snapshot: work.snapshot,
				// A ReGiS phase is not a status ("Collaudo avviato" is not "completed").
				status: null,
				amount: expect.any(String),
				municipalities: expect.arrayContaining([work.istat])
			});
			expect(Number(row.amount), work.cup).toBe(Number(work.importo_finanziato_pnrr_eur));
		}
		// Five of them were OpenCUP's projects already: completed, not duplicated.
		const opencup = await db.query<{ cup: string }>(
			`select cup from intervention where regis_phase is not null and sources::text like '%OpenCUP – localizzazioni%'`
		);
		expect(opencup).toHaveLength(5);
	});

	it('a changed build updates the seed record and records what changed, by whom', async () => {
		const changed: AtlasData = {
			...data,
			interventions: data.interventions.map((i) =>
				i.code === 'RFI-P060-CASTELNUOVO'
					? { ...i, status: 'completed', status_source: 'test document' }
					: i
			)
		};
		const before = await db.query<{ count: number }>(
			'select count(*)::int4 as count from intervention_change'
		);
		expect(await load(db, changed)).toBe(true);
		const changes = await db.query<{
			code: string;
			changed_by: string;
			changes: Record<string, unknown>;
		}>(
			`select i.code, c.changed_by, c.changes from intervention_change c
			 join intervention i on i.id = c.intervention_id
			 order by c.id desc limit 5`
		);
		const after = await db.query<{ count: number }>(
			'select count(*)::int4 as count from intervention_change'
		);
		// One update, for the one record that changed: unchanged records leave no trace.
		expect(after[0].count - before[0].count).toBe(1);
		expect(changes[0]).toEqual({
			code: 'RFI-P060-CASTELNUOVO',
			changed_by: 'geodata build',
			changes: {
				status: { from: 'planned', to: 'completed' },
				status_source: {
					from: data.interventions.find((i) => i.code === 'RFI-P060-CASTELNUOVO')!.status_source,
					to: 'test document'
				}
			}
		});
		expect(await load(db, data)).toBe(true);
	});

	// Regression: a changed build used to fail with a duplicate layer id on an existing database.
	it('a changed build replaces the layer catalogue and features instead of failing', async () => {
		const fewer: AtlasData = {
			...data,
			layerFeatures: data.layerFeatures.filter((f) => f.properties.id !== 'ponte-di-calavorno')
		};
		expect(await load(db, fewer)).toBe(true);
		const count = async () =>
			(
				await db.query<{ count: number }>(
					`select count(*)::int4 as count from layer_feature where feature_id = 'ponte-di-calavorno'`
				)
			)[0].count;
		expect(await count()).toBe(0);
		expect(await load(db, data)).toBe(true);
		expect(await count()).toBe(1);
	});

	it('rejects a cost without its source, leaving the record unchanged', async () => {
		await expect(
			db.query(`update intervention set cost_eur = 1000 where code = 'PSL2003-1'`)
		).rejects.toThrow(/check constraint/);
		const [row] = await db.query<{ cost_eur: string | null }>(
			`select cost_eur from intervention where code = 'PSL2003-1'`
		);
		expect(row.cost_eur).toBeNull();
	});

	it('row-level security: anon reads interventions and their history, but cannot write', async () => {
		const asAnon = <T>(sql: string) =>
			db.transaction(async (tx) => {
				await tx.exec('set local role anon');
				return tx.query<T>(sql);
			});
		const [{ count }] = await asAnon<{ count: number }>(
			'select count(*)::int4 as count from intervention'
		);
		expect(count).toBe(data.interventions.length);
		expect(
			(await asAnon<{ id: number }>('select id from intervention_change limit 1')).length
		).toBe(1);
		await expect(
			asAnon(
				`insert into intervention (id, code, title_it, sources) values ('x', 'X', 'Finto', '[{"title":"t"}]')`
			)
		).rejects.toThrow(/permission denied|row-level security/);
		await expect(asAnon(`delete from intervention_change`)).rejects.toThrow(
			/permission denied|row-level security/
		);
	});

	describe('listing and filtering', () => {
		const codes = async (
			filter: Parameters<ReturnType<typeof createAtlas>['listInterventions']>[0]
		) =>
			(await createAtlas(db).listInterventions(filter)).features
				.map((f) => f.properties.code)
				.sort();
		const expected = (test: (i: AtlasData['interventions'][number]) => boolean) =>
			data.interventions
				.filter(test)
				.map((i) => i.code)
				.sort();

		it('filters by ambito, primary or secondary', async () => {
			expect(await codes({ ambito: [5] })).toEqual(
				expected((i) => i.primary_ambito === 5 || i.secondary_ambiti.includes(5))
			);
			expect(await codes({ ambito: [5] })).toContain('PSL2003-3');
		});
		it('filters by status, funding source and municipality', async () => {
			expect(await codes({ status: ['completed'] })).toEqual(
				expected((i) => i.status === 'completed')
			);
			expect(await codes({ funding: ['pnrr'] })).toEqual(
				expected((i) => i.funding.some((f) => f.kind === 'pnrr'))
			);
			expect(await codes({ municipality: '046026' })).toEqual(
				expected((i) => i.municipalities.includes('046026'))
			);
			expect(await codes({ municipality: '046026' })).toEqual(
				expect.arrayContaining(['RFI-1346', 'RFI-1458'])
			);
		});
		it('shows an intervention in the years between its start and end, and an undated one in none', async () => {
			expect(await codes({ year: 2023 })).toEqual(['RFI-1458']);
			expect(await codes({ year: 2025 })).toEqual(['RFI-P060-CASTELNUOVO']);
			expect(await codes({ year: 2030 })).toEqual([]);
		});
		it('filters by bbox: exactly the interventions whose map geometry meets the box', async () => {
			const all = (await createAtlas(db).listInterventions()).features;
			const boxes: [number, number, number, number][] = [
				[10.45, 43.8, 10.55, 43.88],
				[10.2, 43.95, 10.5, 44.25],
				[10.0, 43.7, 10.8, 44.3],
				[9.5, 43.5, 9.7, 43.6]
			];
			for (const bbox of boxes) {
				const expected: string[] = [];
				for (const feature of all) {
					if (!feature.geometry) continue;
					const [{ meets }] = await db.query<{ meets: boolean }>(
						`select ST_Intersects(ST_GeomFromGeoJSON($1), ST_MakeEnvelope($2, $3, $4, $5, 4326)) as meets`,
						[JSON.stringify(feature.geometry), ...bbox]
					);
					if (meets) expected.push(feature.properties.code);
				}
				expect(await codes({ bbox }), bbox.join(',')).toEqual(expected.sort());
			}
			expect(await codes({ bbox: [10.0, 43.7, 10.8, 44.3] })).not.toEqual([]);
		});
		it('combines filters with "and"', async () => {
			expect(await codes({ ambito: [1], status: ['completed'] })).toEqual(
				expected(
					(i) =>
						i.status === 'completed' && (i.primary_ambito === 1 || i.secondary_ambiti.includes(1))
				)
			);
		});
		it('places an intervention without its own geometry on its features, else in its municipalities', async () => {
			const layer = await createAtlas(db).listInterventions();
			const byCode = new Map(layer.features.map((f) => [f.properties.code, f]));
			const rail = byCode.get('RFI-1346')!;
			expect(rail.properties.located_by).toBe('features');
			expect(rail.geometry?.type).toBe('MultiLineString');
			const porcari = byCode.get('RFI-1458')!;
			expect(porcari.properties.located_by).toBe('municipalities');
			// The point lies inside Porcari, as PostGIS says.
			const [{ inside }] = await db.query<{ inside: boolean }>(
				`select ST_Within(ST_GeomFromGeoJSON($1), geom) as inside from municipality where istat = '046026'`,
				[
					JSON.stringify(
						(porcari.geometry as { geometries?: unknown[] }).geometries?.[0] ?? porcari.geometry
					)
				]
			);
			expect(inside).toBe(true);
		});
		it('tells every detail of one intervention, with funding, links and history', async () => {
			const detail = await createAtlas(db).getIntervention('rfi-1346-pistoia-lucca');
			expect(detail).toMatchObject({
				code: 'RFI-1346',
				cup: 'J91H03000190001',
				cost_eur: 752_100_000,
				status: 'in_progress',
				guidelines: [3]
			});
			expect(detail!.funding.map((f) => f.amount_eur)).toEqual([364_120_000]);
			expect(detail!.linked_features).toEqual([
				{
					layer: 'bottlenecks',
					id: 'binario-unico-lucca-pescia',
					name: 'Lucca–Pescia: tratta a binario unico',
					relation: 'resolves'
				}
			]);
			expect(detail!.history.at(-1)).toMatchObject({
				operation: 'insert',
				changed_by: 'geodata build'
			});
			expect(await createAtlas(db).getIntervention('nessuno')).toBeNull();
		});
		it('lists the interventions acting on a layer feature in its properties', async () => {
			const layer = await createAtlas(db).getCuratedLayer('bottlenecks');
			const single = layer!.features.find((f) => f.properties.id === 'binario-unico-lucca-pescia')!;
			expect(single.properties.interventions).toEqual([
				expect.objectContaining({ id: 'rfi-1346-pistoia-lucca', relation: 'resolves' })
			]);
		});
	});
});

describe.each(ENGINES)('municipality report on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('ranks population as SQL does and counts every intervention once by ambito', async () => {
		const report = (await createAtlas(db).getMunicipalityReport('046007'))!;
		const [{ rank }] = await db.query<{ rank: number }>(
			`select rank from (select istat, rank() over (order by population desc)::int4 as rank
			 from municipality) r where istat = '046007'`
		);
		expect(report.indicators.find((i) => i.key === 'population')!.rank).toBe(rank);
		const [{ count }] = await db.query<{ count: number }>(
			`select count(*)::int4 as count from intervention_municipality where istat = '046007'`
		);
		expect(report.interventions).toHaveLength(count);
		expect(report.by_ambito.reduce((sum, g) => sum + g.count, 0)).toBe(count);
		const infrastructure = report.by_ambito.find((g) => g.ambito === 1)!;
		expect(infrastructure.known_cost_eur).toBe(
			report.interventions
				.filter((i) => i.primary_ambito === 1)
				.reduce((sum, i) => sum + (i.cost_eur ?? 0), 0)
		);
	});
	it('lists places in the municipality and nearby ones with their geodesic distance', async () => {
		const report = (await createAtlas(db).getMunicipalityReport('046007'))!;
		const pole = report.places.find((p) => p.id === 'polo-tecnologico-capannori')!;
		expect(pole).toMatchObject({ inside: true, distance_km: 0 });
		const nearby = report.places.filter((p) => !p.inside);
		expect(nearby.length).toBeGreaterThan(0);
		for (const place of nearby) {
			expect(place.distance_km).toBeGreaterThan(0);
			expect(place.distance_km).toBeLessThanOrEqual(5);
		}
		expect(await createAtlas(db).getMunicipalityReport('046999')).toBeNull();
	});
});
