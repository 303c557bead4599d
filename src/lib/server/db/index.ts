import { readFile } from 'node:fs/promises';
import type { AtlasData } from '../../geodata/build.ts';
import type { AtlasConfig } from '../config.ts';
import type { Database } from './engine.ts';
import { contentHash, loadAtlasData } from './load-atlas-data.ts';
import { migrate, readMigrations } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Database, Queryable, Transactional } from './engine.ts';

/** Opens the configured engine, applies pending migrations and loads the geodata build if it changed. */
export async function openDatabase(config: AtlasConfig): Promise<Database> {
	let text: string;
	try {
		text = await readFile(config.ATLAS_GEODATA_FILE, 'utf8');
	} catch {
		throw new Error(
			`No geodata build at ${config.ATLAS_GEODATA_FILE}: run "node geodata/build.ts" (npm start and npm run dev do it for you).`
		);
	}
	const data = JSON.parse(text) as AtlasData;
	const db = config.DATABASE_URL
		? await openPostgres(config.DATABASE_URL, {
				poolMax: config.ATLAS_PG_POOL_MAX,
				prepare: config.ATLAS_PG_PREPARE,
				statementTimeoutMs: config.ATLAS_STATEMENT_TIMEOUT_MS
			})
		: await openPglite(config.ATLAS_PGLITE_DIR);
	try {
		await migrate(db, await readMigrations(config.ATLAS_MIGRATIONS_DIR));
		await loadAtlasData(db, data, contentHash(text));
	} catch (error) {
		await db.close();
		throw error;
	}
	return db;
}
