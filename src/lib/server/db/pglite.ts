import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Database, Queryable } from './engine.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrap(pg: PGliteLike): Queryable {
	return {
		async query<T>(text: string, params: unknown[] = []) {
			return (await pg.query<T>(text, params)).rows;
		},
		async exec(script: string) {
			await pg.exec(script);
		}
	};
}

/**
 * Opens the embedded PGlite + PostGIS database persisted in `dataDir` (created on first open),
 * or in memory when `dataDir` is undefined.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
	if (dataDir) await mkdir(dataDir, { recursive: true });
	// The extension must be passed on every open, not only the first (stack notes).
	const pg = await PGlite.create(dataDir, { extensions: { postgis, pg_trgm, unaccent } });
	return {
		engine: 'pglite',
		...wrap(pg),
		transaction: (work) => pg.transaction((tx) => work(wrap(tx))),
		close: () => pg.close()
	};
}
