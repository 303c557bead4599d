import { readFile } from 'node:fs/promises';
import type { AtlasData } from '../../geodata/build.ts';
import type { AtlasConfig } from '../config.ts';
import type { Database } from './engine.ts';
import { contentHash, loadAtlasData } from './load-atlas-data.ts';
import { migrate, readMigrations } from './migrate.ts';
import { EMBEDDED_LIMITS, openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { warmTileIndexes } from '../vector-tiles.ts';

export type { Database, EmbeddedDatabase, Queryable, Transactional } from './engine.ts';

/** The geodata build to load, read before any database is opened: without it nothing can start. */
async function readGeodata(config: AtlasConfig): Promise<{ data: AtlasData; hash: string }> {
	let text: string;
	try {
		text = await readFile(config.ATLAS_GEODATA_FILE, 'utf8');
	} catch {
		throw new Error(
			`No geodata build at ${config.ATLAS_GEODATA_FILE}: run "node geodata/build.ts" (npm start and npm run dev do it for you).`
		);
	}
	return { data: JSON.parse(text) as AtlasData, hash: contentHash(text) };
}

/** Applies pending migrations and loads the geodata build if it changed (after opening or a restore). */
export async function prepareDatabase(db: Database, config: AtlasConfig): Promise<void> {
	const { data, hash } = await readGeodata(config);
	await migrate(db, await readMigrations(config.ATLAS_MIGRATIONS_DIR));
	await loadAtlasData(db, data, hash);
}

/** Opens the configured engine, applies pending migrations and loads the geodata build if it changed. */
export async function openDatabase(config: AtlasConfig): Promise<Database> {
	await readGeodata(config);
	const db = config.DATABASE_URL
		? await openPostgres(config.DATABASE_URL, {
				poolMax: config.ATLAS_PG_POOL_MAX,
				prepare: config.ATLAS_PG_PREPARE,
				statementTimeoutMs: config.ATLAS_STATEMENT_TIMEOUT_MS,
				...queueLimits(config)
			})
		: await openPglite(config.ATLAS_PGLITE_DIR, { ...EMBEDDED_LIMITS, ...queueLimits(config) });
	try {
		await prepareDatabase(db, config);
	} catch (error) {
		await db.close();
		throw error;
	}
	// Not awaited: the atlas serves while the indexes are cut; a failure only delays them to the
	// first tile asked for.
	void warmTileIndexes(db).catch(() => {});
	return db;
}

export const queueLimits = (config: AtlasConfig) => ({
	maxQueue: config.ATLAS_DB_MAX_QUEUE,
	maxWaitMs: config.ATLAS_DB_MAX_WAIT_MS
});
