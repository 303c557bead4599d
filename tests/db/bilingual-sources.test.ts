import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { ENGINES, freshDatabase, MIGRATIONS_DIR } from '../support/engines.ts';

/** The migration that makes the sources' and layers' own words bilingual. */
const BILINGUAL = '20261203090000';

describe.each(ENGINES)('bilingual sources migration on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
		const migrations = await readMigrations(MIGRATIONS_DIR);
		await migrate(
			db,
			migrations.filter((m) => m.version < BILINGUAL)
		);
		// A database loaded before the migration: its texts were Italian only.
		await db.query(
			`insert into public.data_source (id, title, upstream, version, read_from, sha256, licence, attribution, owner)
			 values ('broadband-agcom', 'AGCOM Broadband Map', 'https://geo.agcom.it/reportistica', 'v', 'mirror',
				repeat('a', 64), 'AGCOM open data', 'Fonte: AGCOM - Broadband Map', 'AGCOM')`
		);
		await db.query(
			`insert into public.layer (id, theme, sort_order, title, description, method, gaps, precision, licence, sources)
			 values ('broadband', 'digitalisation', 0, '{"it": "t", "en": "t"}', '{"it": "d", "en": "d"}',
				'{"it": "m", "en": "m"}', '{"it": "g", "en": "g"}', 'per comune', 'AGCOM open data',
				'[{"title": "AGCOM", "url": "https://geo.agcom.it/reportistica"}]')`
		);
		expect(await migrate(db, migrations)).toContain(BILINGUAL);
	});
	afterAll(async () => drop?.());

	it('keeps the rows loaded before it, their text in both languages until the next load', async () => {
		const [source] = await db.query<{
			attribution: unknown;
			licence: unknown;
			title: unknown;
			version: unknown;
		}>(
			`select attribution, licence, title, version from public.data_source where id = 'broadband-agcom'`
		);
		const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
		expect(parsed(source.attribution)).toEqual({
			it: 'Fonte: AGCOM - Broadband Map',
			en: 'Fonte: AGCOM - Broadband Map'
		});
		expect(parsed(source.licence)).toEqual({ it: 'AGCOM open data', en: 'AGCOM open data' });
		expect(parsed(source.title)).toEqual({ it: 'AGCOM Broadband Map', en: 'AGCOM Broadband Map' });
		expect(parsed(source.version)).toEqual({ it: 'v', en: 'v' });
		const [layer] = await db.query<{ precision: unknown; licence: unknown }>(
			`select precision, licence from public.layer where id = 'broadband'`
		);
		expect(parsed(layer.precision)).toEqual({ it: 'per comune', en: 'per comune' });
		expect(parsed(layer.licence)).toEqual({ it: 'AGCOM open data', en: 'AGCOM open data' });
	});

	it('refuses a licence in one language only', async () => {
		await expect(
			db.query(
				`update public.layer set licence = '{"en": "AGCOM open data"}'::jsonb where id = 'broadband'`
			)
		).rejects.toThrow(/layer_licence_bilingual/);
	});
});
