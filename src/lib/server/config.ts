import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
	/** PostgreSQL + PostGIS connection string (a Supabase project's, or any server's). Unset: embedded PGlite. */
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
		.optional(),
	/**
	 * Connections the atlas keeps to PostgreSQL. 10: a 2-core database server is kept busy by about
	 * 2 × cores + 1 = 5 active connections, and the atlas's transactions leave a connection idle
	 * between round trips (role, claims, statement, commit), so twice that; well under the 60
	 * direct connections of Supabase's smallest compute (README, Configuration).
	 */
	ATLAS_PG_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
	/**
	 * Prepared statements (parsed and planned once per connection). false behind a pooler in
	 * transaction mode (Supabase's port 6543), which keeps no prepared statement between
	 * transactions.
	 */
	ATLAS_PG_PREPARE: z.stringbool().default(true),
	/**
	 * The longest a statement of the atlas may run on PostgreSQL before it ends with an error,
	 * rather than holding a connection; 0: no limit. Migrations and the data load are not limited.
	 */
	ATLAS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
	/** Where the embedded PGlite database persists its files. */
	ATLAS_PGLITE_DIR: z.string().min(1).default('.data/pglite'),
	ATLAS_GEODATA_FILE: z.string().min(1).default('geodata/build/atlas-data.json'),
	ATLAS_MIGRATIONS_DIR: z.string().min(1).default('supabase/migrations'),
	/** Online vector basemap style (no key). The map falls back to its own offline style when it is unreachable. */
	ATLAS_BASEMAP_STYLE_URL: z.url().default('https://tiles.openfreemap.org/styles/positron'),
	ATLAS_BASEMAP_TIMEOUT_MS: z.coerce.number().int().min(500).max(30_000).default(3000),
	/**
	 * The address people use, when it is not the server's own http://host: behind a TLS proxy,
	 * https://atlante.example. Used for absolute links and secure cookies.
	 */
	ATLAS_ORIGIN: z
		.url()
		.transform((url) => new URL(url).origin)
		.optional(),
	/** Other sites allowed to send state-changing requests (comma-separated origins). */
	ATLAS_TRUSTED_ORIGINS: z
		.string()
		.transform((list) =>
			list
				.split(',')
				.map((origin) => origin.trim())
				.filter(Boolean)
		)
		.pipe(z.array(z.url()))
		.default([]),
	/**
	 * Supabase mode: people sign in with Supabase Auth (email + password, magic link) and the
	 * server verifies their access tokens. Unset: local accounts of the embedded mode.
	 */
	SUPABASE_URL: z.url().optional(),
	/** The project's public (anon) key, handed to the browser for signing in. */
	SUPABASE_ANON_KEY: z.string().min(20).optional(),
	/** Only for projects still signing tokens with the legacy shared secret (HS256). */
	SUPABASE_JWT_SECRET: z.string().min(32).optional(),
	/**
	 * Multiplies every per-hour limit on posting, commenting and supporting (write-limits.ts): a
	 * test suite that writes a lot from one address raises it; 1 in service.
	 */
	ATLAS_WRITE_LIMIT_FACTOR: z.coerce.number().min(0.01).max(1000).default(1),
	/** Memory for public answers kept between writes (MB). */
	ATLAS_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(64),
	/** Database jobs waiting at most; beyond, requests get 503 with Retry-After. */
	ATLAS_DB_MAX_QUEUE: z.coerce.number().int().min(1).max(100_000).default(500),
	/** How long a database job may wait for its turn before its request gets 503. */
	ATLAS_DB_MAX_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
	/** A reading request that takes longer is answered 503 (the work it started is not cut). */
	ATLAS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(15_000)
});

export type AtlasConfig = z.infer<typeof envSchema>;

export function readConfig(env: Record<string, string | undefined> = process.env): AtlasConfig {
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
	const result = envSchema.safeParse(cleaned);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new Error(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
	}
	const config = result.data;
	if (config.SUPABASE_URL && !config.SUPABASE_ANON_KEY)
		throw new Error('Invalid environment variable SUPABASE_ANON_KEY: required with SUPABASE_URL');
	return {
		...config,
		ATLAS_PGLITE_DIR: path.resolve(config.ATLAS_PGLITE_DIR),
		ATLAS_GEODATA_FILE: path.resolve(config.ATLAS_GEODATA_FILE),
		ATLAS_MIGRATIONS_DIR: path.resolve(config.ATLAS_MIGRATIONS_DIR)
	};
}
