import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { liftStatementTimeout, type Database } from './engine.ts';

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

/** Reads supabase/migrations/<version>_<name>.sql in version order, as the Supabase CLI does. */
export async function readMigrations(dir: string): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
	return Promise.all(
		files.map(async (file) => {
			const [, version, name] = /^(\d+)_(.+)\.sql$/.exec(file)!;
			return { version, name, sql: await readFile(path.join(dir, file), 'utf8') };
		})
	);
}

/**
 * Applies the migrations not yet applied, each in its own transaction, recording them in the
 * Supabase CLI's own table so `supabase db push` and the atlas agree on what is applied.
 */
export async function migrate(db: Database, migrations: Migration[]): Promise<string[]> {
	await db.exec(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (
			version text primary key, statements text[], name text
		);`);
	const applied = new Set(
		(
			await db.query<{ version: string }>(
				'select version from supabase_migrations.schema_migrations'
			)
		).map((row) => row.version)
	);
	const done: string[] = [];
	for (const migration of migrations) {
		if (applied.has(migration.version)) continue;
		await db.transaction(async (tx) => {
			await liftStatementTimeout(tx);
			await tx.exec(migration.sql);
			await tx.query(
				'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
				[migration.version, migration.name, [migration.sql]]
			);
		});
		done.push(migration.version);
	}
	return done;
}
