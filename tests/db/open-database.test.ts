import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { freshDatabase, ROOT } from '../support/engines.ts';

// The server's own start-up path (configuration → engine → migrations → data load) on DATABASE_URL.
describe('openDatabase with DATABASE_URL', () => {
	it('migrates and loads an empty PostgreSQL database, then reopens it without reloading', async () => {
		const { db: empty, drop } = await freshDatabase('postgres', inject('postgresUrl'));
		const [{ url }] = await empty.query<{ url: string }>('select current_database() as url');
		await empty.close();
		const databaseUrl = new URL(inject('postgresUrl'));
		databaseUrl.pathname = `/${url}`;
		const config = readConfig({
			DATABASE_URL: databaseUrl.href,
			ATLAS_GEODATA_FILE: path.join(ROOT, 'geodata/build/atlas-data.json'),
			ATLAS_MIGRATIONS_DIR: path.join(ROOT, 'supabase/migrations')
		});
		try {
			const db = await openDatabase(config);
			expect(db.engine).toBe('postgres');
			expect((await createAtlas(db).getMunicipality('046017'))?.name).toBe('Lucca');
			const [first] = await db.query<{ loaded_at: string }>(
				'select loaded_at::text from dataset_load'
			);
			await db.close();
			const again = await openDatabase(config);
			const [second] = await again.query<{ loaded_at: string }>(
				'select loaded_at::text from dataset_load'
			);
			expect(second.loaded_at).toBe(first.loaded_at);
			await again.close();
		} finally {
			await drop().catch(() => undefined);
		}
	});

	it('refuses a DATABASE_URL that is not a PostgreSQL connection string', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://localhost/atlas' })).toThrowError(
			'Invalid environment variable DATABASE_URL: must be a postgres:// or postgresql:// connection string'
		);
	});
});
