import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ftthHouseholdShare } from '../../src/lib/geodata/agcom.ts';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import { municipalityReportQueries } from '../../src/lib/server/municipality-report.ts';
import {
	compareMunicipality,
	nationalContextQueries
} from '../../src/lib/server/national-context.ts';
import { ENGINES, loadedDatabase, MIRROR_DIR } from '../support/engines.ts';

/** Distinct PNRR CUPs per municipality, read with csv-parse straight from the mirror's national file. */
function pnrrFromMirror(): Map<string, number> {
	const rows = parse(
		readFileSync(path.join(MIRROR_DIR, 'opencup-pnrr/localizzazioni_italia.csv'), 'utf8'),
		{ columns: true, bom: true }
	) as Array<{ CUP: string; CODICE_COMUNE: string }>;
	const cups = new Map<string, Set<string>>();
	for (const r of rows)
		cups.set(r.CODICE_COMUNE, (cups.get(r.CODICE_COMUNE) ?? new Set()).add(r.CUP));
	return new Map([...cups].map(([code, set]) => [code, set.size]));
}

describe.each(ENGINES)('the national context on %s', (engine) => {
	let db: Database;
	let data: AtlasData;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		({ db, data, drop } = await loadedDatabase(engine, inject('postgresUrl'), { national: true }));
	}, 240_000);
	afterAll(() => drop?.());

	it('holds every Italian municipality, 273 of them in Tuscany, with valid shapes', async () => {
		const [row] = await db.query<{
			all: number;
			tuscany: number;
			invalid: number;
			snapshot: string;
		}>(
			`select count(*)::int4 as all, count(*) filter (where region_code = '09')::int4 as tuscany,
				count(*) filter (where not ST_IsValid(geom))::int4 as invalid,
				(select to_char(broadband_snapshot, 'YYYY-MM-DD') from national_context) as snapshot
			 from national_municipality`
		);
		expect(row).toEqual({ all: 7899, tuscany: 273, invalid: 0, snapshot: '2025-06-30' });
	});

	it("gives the province's municipalities the province's own FTTH shares of the same snapshot", async () => {
		const { snapshot, figures } = await municipalityReportQueries(db).listMunicipalityFigures();
		expect(snapshot).toBe('2025-06-30');
		const national = new Map(
			(
				await db.query<{ istat: string; ftth_share: number | null; ftth_reliability: string }>(
					`select istat, ftth_share, ftth_reliability from national_municipality where province_code = '046'`
				)
			).map((r) => [r.istat, r])
		);
		expect(national.size).toBe(33);
		for (const f of figures) {
			const n = national.get(f.istat)!;
			if (f.ftth_share === null) expect(n.ftth_share).toBeNull();
			// The build keeps a share to a millionth of a point.
			else expect(n.ftth_share).toBeCloseTo(f.ftth_share, 6);
			expect(n.ftth_reliability).toBe(
				ftthHouseholdShare(
					{ householdsResident: f.households_resident, householdsFtth: f.households_ftth },
					f.population
				).reliability
			);
		}
	});

	it('counts the PNRR projects OpenCUP locates in each municipality', async () => {
		const expected = pnrrFromMirror();
		const rows = await db.query<{ istat: string; pnrr_projects: number }>(
			'select istat, pnrr_projects from national_municipality'
		);
		expect(rows.filter((r) => r.pnrr_projects > 0).length).toBeGreaterThan(1000);
		for (const r of rows) expect(r.pnrr_projects, r.istat).toBe(expected.get(r.istat) ?? 0);
	});

	it('serves both national layers with every municipality, each naming its source and precision', async () => {
		const atlas = createAtlas(db);
		for (const [id, source] of [
			['national-broadband', 'https://geo.agcom.it/reportistica'],
			[
				'national-pnrr',
				'https://raw.githubusercontent.com/aborruso/open-data-pnrr/85aa99c/dati/progetti-opencup/progetti-opencup-PNRR-localizzazioni.csv'
			]
		] as const) {
			const collection = (await atlas.getLayerFeatures(id))!;
			expect(collection.features, id).toHaveLength(7899);
			for (const f of collection.features) {
				expect(f.properties.source).toBe(source);
				expect(f.properties.precision).toMatch(/simplified/);
			}
		}
		// Within a box around Lucca: the province and its neighbours, not all of Italy.
		const near = (await atlas.getLayerFeatures('national-pnrr', {
			bbox: [10.2, 43.8, 10.6, 44.0]
		}))!;
		expect(near.features.length).toBeGreaterThan(10);
		expect(near.features.length).toBeLessThan(200);
	});

	it('compares a municipality with Tuscany and Italy as PostGIS counts them', async () => {
		const queries = nationalContextQueries(db);
		const distributions = (await queries.readDistributions())!;
		expect(distributions.region_name).toBe('Toscana');
		const lucca = compareMunicipality(distributions, (await queries.readValues('046017'))!);
		for (const row of lucca.rows) {
			for (const [scope, where] of [
				['region', `region_code = '09'`],
				['italy', 'true']
			] as const) {
				const column = row.indicator;
				const [sql] = await db.query<{
					median: number;
					below: number;
					n: number;
					mine: number | null;
				}>(
					`select percentile_cont(0.5) within group (order by ${column})::float8 as median,
						count(*) filter (where ${column} < (select ${column} from national_municipality where istat = '046017'))::int4 as below,
						count(${column})::int4 as n,
						(select ${column}::float8 from national_municipality where istat = '046017') as mine
					 from national_municipality where ${where}`
				);
				expect(row.value).toBeCloseTo(sql.mine!, 9);
				expect(row[scope].count).toBe(sql.n);
				expect(row[scope].median).toBeCloseTo(sql.median, 9);
				expect(row[scope].percentile).toBeCloseTo((sql.below / sql.n) * 100, 9);
			}
		}
		expect(data.nationalContext?.municipalities).toHaveLength(7899);
	});
});
