import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import { isNationalLayer } from '../../src/lib/types.ts';
import { parsePopulationCsv } from '../../src/lib/geodata/population.ts';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { contentHash, loadAtlasData } from '../../src/lib/server/db/load-atlas-data.ts';
import { ENGINES, freshDatabase, migrated, MIRROR_DIR, realAtlasData } from '../support/engines.ts';

/** ISTAT's published area of the Province of Lucca. */
const ISTAT_PROVINCE_AREA_KM2 = 1773;

describe.each(ENGINES)('atlas database on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let data: AtlasData;
	let applied: string[];

	beforeAll(async () => {
		({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
		applied = await migrated(db);
		data = await realAtlasData();
		expect(await loadAtlasData(db, data, contentHash(JSON.stringify(data)))).toBe(true);
	});
	afterAll(async () => drop?.());

	it('records applied migrations in the Supabase CLI table and applies nothing twice', async () => {
		const rows = await db.query<{ version: string }>(
			'select version from supabase_migrations.schema_migrations order by version'
		);
		expect(rows.map((r) => r.version)).toEqual(applied);
		expect(applied.length).toBeGreaterThan(0);
		expect(await migrated(db)).toEqual([]);
	});

	it('loads the 33 municipalities of the province', async () => {
		const [{ count }] = await db.query<{ count: number }>(
			'select count(*)::int4 as count from municipality'
		);
		expect(count).toBe(33);
	});

	it('stores each area within 0.1% of PostGIS ST_Area(geography)', async () => {
		const rows = await db.query<{ istat: string; area_km2: number; postgis_km2: number }>(
			'select istat, area_km2::float8, (ST_Area(geom::geography) / 1e6)::float8 as postgis_km2 from municipality'
		);
		expect(rows).toHaveLength(33);
		for (const row of rows)
			expect(Math.abs(row.area_km2 / row.postgis_km2 - 1), row.istat).toBeLessThan(0.001);
	});

	it('adds up to ISTAT’s 1,773 km² within 0.5%', async () => {
		const province = await createAtlas(db).getProvince();
		expect(province?.municipality_count).toBe(33);
		expect(Math.abs(province!.area_km2 / ISTAT_PROVINCE_AREA_KM2 - 1)).toBeLessThan(0.005);
	});

	it('serves residents exactly as the ISTAT file gives them, and density from them', async () => {
		const file = path.join(MIRROR_DIR, 'istat-population/popolazione_2021_lucca.csv');
		const residents = parsePopulationCsv(readFileSync(file, 'utf8'), { file, province: '046' });
		const collection = await createAtlas(db).listMunicipalities();
		expect(collection.features).toHaveLength(33);
		for (const { properties } of collection.features) {
			expect(properties.population, properties.istat).toBe(residents.get(properties.istat));
			expect(properties.population_year).toBe(2021);
			expect(properties.density_per_km2).toBeCloseTo(
				properties.population! / properties.area_km2,
				9
			);
		}
	});

	it('profiles a municipality with neighbours that really touch it', async () => {
		const atlas = createAtlas(db);
		const capannori = await atlas.getMunicipality('046007');
		expect(capannori?.name).toBe('Capannori');
		const touching = await db.query<{ istat: string }>(
			`select n.istat from municipality m, municipality n
			 where m.istat = '046007' and n.istat <> m.istat and ST_DWithin(m.geom::geography, n.geom::geography, 1)
			 order by n.istat`
		);
		expect(capannori!.neighbours.map((n) => n.istat).sort()).toEqual(touching.map((t) => t.istat));
		expect(capannori!.neighbours.map((n) => n.name)).toContain('Lucca');
		const [inside] = await db.query<{ inside: boolean }>(
			`select ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) as inside from municipality where istat = '046007'`,
			capannori!.label_point
		);
		expect(inside.inside).toBe(true);
	});

	it('lists the layer catalogue, bilingual, with the broadband snapshot date', async () => {
		const layers = await createAtlas(db).listLayers();
		const broadband = layers.find((l) => l.id === 'broadband');
		expect(broadband?.title.it).toBe('Copertura banda ultra larga');
		expect(broadband?.title.en).toBe('Ultra-broadband coverage');
		expect(broadband?.sources.length).toBeGreaterThan(0);
		expect(broadband?.data_date).toBe(data.broadband.snapshots.at(-1)!.date);
	});

	it('serves the sources’ and layers’ own words in both languages, the owners’ names unchanged', async () => {
		const atlas = createAtlas(db);
		const sources = await atlas.listSources();
		const population = sources.find((s) => s.id === 'population-2021');
		expect(population?.attribution).toEqual({
			it: 'Popolazione: ISTAT (1 gennaio 2021), CC BY (via opendatasicilia)',
			en: 'Population: ISTAT (1 January 2021), CC BY (via opendatasicilia)'
		});
		expect(population?.title.en).toBe('Resident population on 1 January 2021');
		expect(population?.licence).toEqual({ it: 'CC BY', en: 'CC BY' });
		expect(sources.map((s) => s.id).sort()).toEqual(data.sources.map((s) => s.id).sort());
		const bottlenecks = (await atlas.listLayers()).find((l) => l.id === 'bottlenecks');
		expect(bottlenecks?.precision.en).toMatch(/^sections: RFI geometry/);
		expect(bottlenecks?.licence.it).toMatch(/^RFI e Trenitalia: nessuna licenza dichiarata/);
		expect(bottlenecks?.sources[0]).toMatchObject({
			owner: 'RFI',
			title: {
				it: 'RFI – rete ferroviaria (TrattePC2026)',
				en: 'RFI – railway network (TrattePC2026)'
			}
		});
	});

	it('refuses a source or layer text without both languages, and keeps the row as it was', async () => {
		const attributionOf = async () =>
			(
				await db.query<{ attribution: unknown }>(
					`select attribution from public.data_source where id = 'broadband-agcom'`
				)
			)[0].attribution;
		const before = await attributionOf();
		await expect(
			db.query(
				`update public.data_source set attribution = '{"it": "Fonte: AGCOM"}'::jsonb where id = 'broadband-agcom'`
			)
		).rejects.toThrow(/data_source_attribution_bilingual/);
		await expect(
			db.query(`update public.layer set precision = '"per comune"'::jsonb where id = 'broadband'`)
		).rejects.toThrow(/layer_precision_bilingual/);
		expect(await attributionOf()).toEqual(before);
	});

	it('serves the broadband layer from the latest snapshot, with the change from the previous one', async () => {
		const layer = await createAtlas(db).getBroadbandLayer();
		const [previous, latest] = data.broadband.snapshots.map((s) => s.date);
		expect(layer.snapshot).toBe(latest);
		expect(layer.features).toHaveLength(33);
		const raw = (istat: string, snapshot: string) =>
			data.broadband.records.find((r) => r.istat === istat && r.snapshot === snapshot)!;
		for (const { properties: p } of layer.features) {
			const now = raw(p.istat, latest);
			const before = raw(p.istat, previous);
			expect(p.previous_snapshot).toBe(previous);
			expect(p.addresses_ftth).toBe(now.addressesFtth);
			expect(p.addresses_ftth_change).toBe(
				now.addressesFtth === null || before.addressesFtth === null
					? null
					: now.addressesFtth - before.addressesFtth
			);
			if (p.ftth_household_share_reliability === 'ok') {
				expect(p.ftth_household_share).toBeCloseTo(
					(now.householdsFtth! / now.householdsResident!) * 100,
					9
				);
			} else {
				expect(p.ftth_household_share).toBeNull();
			}
		}
		const massarosa = layer.features.find((f) => f.properties.istat === '046018')!.properties;
		expect(massarosa.households_resident).toBe(15);
		expect(massarosa.ftth_household_share_reliability).toBe('unreliable');
	});

	it('filters a layer by bbox with PostGIS', async () => {
		const atlas = createAtlas(db);
		const bbox: [number, number, number, number] = [10.2, 43.8, 10.35, 43.9];
		const layer = await atlas.getBroadbandLayer({ bbox });
		const expected = await db.query<{ istat: string }>(
			'select istat from municipality where ST_Intersects(ST_Envelope(geom), ST_MakeEnvelope($1, $2, $3, $4, 4326)) order by istat',
			bbox
		);
		expect(layer!.features.map((f) => f.properties.istat).sort()).toEqual(
			expected.map((e) => e.istat)
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(33);
		expect(await atlas.getLayerFeatures('nothing')).toBeNull();
	});

	it('serves curated layers with the municipalities each feature touches', async () => {
		const poles = await createAtlas(db).getCuratedLayer('technology-poles');
		const expected = data.layerFeatures.filter((f) => f.layer === 'technology-poles');
		expect(poles!.features).toHaveLength(expected.length);
		const musa = poles!.features.find((f) => f.properties.id === 'musa-pietrasanta')!;
		expect(musa.properties.municipalities).toEqual([{ istat: '046024', name: 'Pietrasanta' }]);
		expect(musa.properties.estimated).toBe(true);
		expect(musa.geometry).toEqual(
			expected.find((f) => f.properties.id === 'musa-pietrasanta')!.geometry
		);
	});

	it('draws each district as the union of its member municipalities (checked against PostGIS ST_Union)', async () => {
		const districts = await createAtlas(db).getCuratedLayer('districts');
		expect(districts!.features.map((f) => f.properties.sector).sort()).toEqual([
			'footwear',
			'nautical',
			'paper',
			'stone'
		]);
		for (const district of districts!.features) {
			const members = district.properties.municipalities.map((m) => m.istat);
			const [row] = await db.query<{
				union_km2: number;
				district_km2: number;
				difference_km2: number;
			}>(
				`with u as (select ST_Union(geom) as geom from municipality where istat = any($1::text[])),
				 d as (select geom from layer_feature where layer_id = 'districts' and feature_id = $2)
				 select (ST_Area(u.geom::geography) / 1e6)::float8 as union_km2,
					(ST_Area(d.geom::geography) / 1e6)::float8 as district_km2,
					(ST_Area(ST_SymDifference(u.geom, d.geom)::geography) / 1e6)::float8 as difference_km2
				 from u, d`,
				[members, district.properties.id]
			);
			expect(Math.abs(row.district_km2 / row.union_km2 - 1), district.properties.id).toBeLessThan(
				0.001
			);
			expect(row.difference_km2 / row.union_km2, district.properties.id).toBeLessThan(0.001);
		}
	});

	it('every feature of every layer carries its source and precision', async () => {
		const atlas = createAtlas(db);
		const layers = await atlas.listLayers();
		expect(layers.length).toBeGreaterThanOrEqual(3);
		for (const layer of layers) {
			const collection = await atlas.getLayerFeatures(layer.id);
			expect(collection, layer.id).not.toBeNull();
			// Observations are the participants' to make: a fresh atlas has none (observations.test.ts
			// checks theirs). This build leaves the national context out (national-context.test.ts).
			if (layer.id !== 'observations' && !isNationalLayer(layer.id))
				expect(collection!.features.length, layer.id).toBeGreaterThan(0);
			for (const feature of collection!.features) {
				const properties = feature.properties as { source?: string; precision?: string };
				expect(properties.source, `${layer.id} ${JSON.stringify(feature.id)}`).toMatch(/\S/);
				expect(properties.precision, `${layer.id} ${JSON.stringify(feature.id)}`).toMatch(/\S/);
			}
		}
	});

	it('returns null for an unknown municipality', async () => {
		expect(await createAtlas(db).getMunicipality('046999')).toBeNull();
	});

	it('draws the offline basemap from regions and the province outline', async () => {
		const land = await createAtlas(db).getBasemapLand();
		const kinds = land.features.map((f) => f.properties?.kind);
		expect(kinds.filter((k) => k === 'region')).toHaveLength(20);
		expect(kinds.filter((k) => k === 'province')).toHaveLength(1);
	});

	it('row-level security: anon reads, but cannot write', async () => {
		// `set local` inside a transaction keeps the role on one connection of the pool.
		const asAnon = <T>(sql: string) =>
			db.transaction(async (tx) => {
				await tx.exec('set local role anon');
				return tx.query<T>(sql);
			});
		const [{ count }] = await asAnon<{ count: number }>(
			'select count(*)::int4 as count from municipality'
		);
		expect(count).toBe(33);
		await expect(
			asAnon(`insert into municipality (istat, name, province, area_km2, geom)
				values ('046999', 'Finto', '046', 1, ST_Multi(ST_GeomFromText('POLYGON((10 43,10.1 43,10.1 43.1,10 43))', 4326)))`)
		).rejects.toThrow(/permission denied|row-level security/);
		const updated = await asAnon<{ istat: string }>(
			`update municipality set population = 1 where istat = '046007' returning istat`
		).then(
			(rows) => rows.length,
			(error: Error) => error.message
		);
		expect(String(updated)).toMatch(/permission denied|^0$/);
		const [capannori] = await db.query<{ population: number }>(
			`select population from municipality where istat = '046007'`
		);
		expect(capannori.population).toBe(
			data.municipalities.find((m) => m.istat === '046007')!.population
		);
		const [{ role }] = await db.query<{ role: string }>('select current_user as role');
		expect(role).not.toBe('anon');
	});

	it('reloads only when the build changed', async () => {
		expect(await loadAtlasData(db, data, contentHash(JSON.stringify(data)))).toBe(false);
	});

	it('a broken build leaves the loaded data unchanged', async () => {
		const broken: AtlasData = {
			...data,
			municipalities: [
				data.municipalities[0],
				{ ...data.municipalities[1], geometry: { type: 'Point', coordinates: [10, 43] } as never }
			]
		};
		await expect(loadAtlasData(db, broken, 'other-hash')).rejects.toThrow();
		const [{ count }] = await db.query<{ count: number }>(
			'select count(*)::int4 as count from municipality'
		);
		expect(count).toBe(33);
		const [load] = await db.query<{ content_sha256: string }>(
			'select content_sha256 from dataset_load'
		);
		expect(load.content_sha256).toBe(contentHash(JSON.stringify(data)));
	});
});
