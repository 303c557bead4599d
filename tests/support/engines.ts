import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { buildAtlasData, type AtlasData } from '../../src/lib/geodata/build.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { contentHash, loadAtlasData } from '../../src/lib/server/db/load-atlas-data.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'supabase/migrations');
export const MIRROR_DIR = path.resolve(ROOT, process.env.GEODATA_MIRROR ?? '../shared/geodata');
export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** A fresh, empty database on the given engine: in-memory PGlite, or a new database on the server. */
export async function freshDatabase(
	engine: Engine,
	serverUrl: string
): Promise<{ db: Database; drop(): Promise<void> }> {
	if (engine === 'pglite') {
		const db = await openPglite(undefined);
		return { db, drop: () => db.close() };
	}
	const server = await serverDatabase(serverUrl);
	const db = await openPostgres(server.url);
	return {
		db,
		async drop() {
			await db.close();
			await server.drop();
		}
	};
}

/** A new, empty database on the PostgreSQL server: its URL, and how to drop it. */
export async function serverDatabase(
	serverUrl: string
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
	const name = `atlas_test_${randomBytes(4).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		name,
		url: url.href,
		async drop() {
			await admin.unsafe(`drop database ${name} with (force)`);
			await admin.end();
		}
	};
}

export async function migrated(db: Database) {
	return migrate(db, await readMigrations(MIGRATIONS_DIR));
}

const buildFromMirror = (national: boolean) =>
	buildAtlasData({
		province: '046',
		mirrorDir: MIRROR_DIR,
		manifestFile: path.join(ROOT, 'geodata/manifest.json'),
		layersFile: path.join(ROOT, 'geodata/layers.json'),
		curatedDir: path.join(ROOT, 'geodata/curated'),
		offline: true,
		national
	});

let built: Promise<AtlasData> | undefined;
/**
 * The real geodata of the province, built from the mirror as the build does, without the national
 * context (7,899 municipalities: only the tests of that context load it).
 */
export function realAtlasData(): Promise<AtlasData> {
	built ??= buildFromMirror(false);
	return built;
}

let builtWithNation: Promise<AtlasData> | undefined;
/** The real geodata with the national context, as `node geodata/build.ts` makes it. */
export function nationalAtlasData(): Promise<AtlasData> {
	builtWithNation ??= buildFromMirror(true);
	return builtWithNation;
}

/** A fresh database on `engine`, migrated and loaded with the real geodata build. */
export async function loadedDatabase(
	engine: Engine,
	serverUrl: string,
	options: { national?: boolean } = {}
): Promise<{ db: Database; drop(): Promise<void>; data: AtlasData }> {
	const { db, drop } = await freshDatabase(engine, serverUrl);
	await migrated(db);
	const data = await (options.national ? nationalAtlasData() : realAtlasData());
	await loadAtlasData(db, data, contentHash(JSON.stringify(data)));
	return { db, drop, data };
}
