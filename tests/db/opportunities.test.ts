import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';

describe.each(ENGINES)('opportunity finder on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('lists every municipality, pole and district once', async () => {
		const { opportunities } = await createAtlas(db).listOpportunities();
		const count = (kind: string) => opportunities.filter((o) => o.kind === kind).length;
		expect([count('municipality'), count('technology-pole'), count('district')]).toEqual([
			33, 3, 4
		]);
	});

	it('measures the distance to the nearest station as PostGIS does, 0 where a station is inside', async () => {
		const { opportunities } = await createAtlas(db).listOpportunities();
		const lucca = opportunities.find((o) => o.kind === 'municipality' && o.id === '046017')!;
		expect(lucca.station_km).toBe(0);
		const pole = opportunities.find((o) => o.id === 'polo-tecnologico-capannori')!;
		const [{ km }] = await db.query<{ km: number }>(
			`select min(ST_Distance(s.geom::geography, p.geom::geography)) / 1000 as km
			 from layer_feature s, layer_feature p
			 where s.kind = 'station' and p.feature_id = 'polo-tecnologico-capannori'`
		);
		expect(pole.station_km).toBeCloseTo(Number(km), 6);
		expect(pole.station_km).toBeGreaterThan(0);
		expect(pole.nearest_station).toBeTruthy();
	});

	it('gives a district the households-weighted FTTH share of its reliable members', async () => {
		const { opportunities } = await createAtlas(db).listOpportunities();
		const nautical = opportunities.find((o) => o.id === 'distretto-nautico')!;
		const viareggio = opportunities.find((o) => o.kind === 'municipality' && o.id === '046033')!;
		// Its only member is Viareggio.
		expect(nautical.ftth_share).toBeCloseTo(viareggio.ftth_share!, 9);
		expect(nautical.sectors).toEqual(['nautical']);
	});

	it('counts the interventions under way that concern each location', async () => {
		const { opportunities } = await createAtlas(db).listOpportunities();
		// RFI 1346 (in progress) concerns Lucca, Capannori, Porcari and Altopascio.
		const porcari = opportunities.find((o) => o.kind === 'municipality' && o.id === '046026')!;
		expect(porcari.interventions_under_way).toBe(1);
		const barga = opportunities.find((o) => o.kind === 'municipality' && o.id === '046003')!;
		expect(barga.interventions_under_way).toBe(0);
	});
});
