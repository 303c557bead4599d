import postgres from 'postgres';
import { DATA_VERSION_QUERY, type Database, type Queryable } from './engine.ts';
import { latestRead } from './latest-read.ts';
import { WorkGate, type GateLimits } from './work-gate.ts';

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(sql: Sql): Queryable {
	return {
		async query<T>(text: string, params: unknown[] = []) {
			return (await sql.unsafe(
				text,
				params as postgres.ParameterOrJSON<never>[]
			)) as unknown as T[];
		},
		async exec(script: string) {
			await sql.unsafe(script);
		}
	};
}

/** Jobs beyond the pool wait in a bounded queue, at most a few seconds, then get a 503. */
export const POSTGRES_QUEUE: Omit<GateLimits, 'concurrency'> = {
	maxQueue: 1_000,
	maxWaitMs: 5_000
};

/** Connects to PostgreSQL + PostGIS (a Supabase project, or any server) by connection string. */
export async function openPostgres(
	url: string,
	queue: Omit<GateLimits, 'concurrency'> = POSTGRES_QUEUE
): Promise<Database> {
	const max = 5;
	const sql = postgres(url, {
		max,
		onnotice: () => {},
		// Keep numeric types as JavaScript numbers where they fit.
		types: { bigint: postgres.BigInt }
	});
	// Its own connection, outside the queue: reads learn the data version without waiting behind
	// writes, and other atlas processes' writes are seen at once.
	const versionSql = postgres(url, { max: 1, onnotice: () => {} });
	await sql`select 1`;
	const gate = new WorkGate({ concurrency: max, ...queue });
	const pooled = wrap(sql);
	return {
		engine: 'postgres',
		query: (text, params) => gate.run(() => pooled.query(text, params)),
		exec: (script) => gate.run(() => pooled.exec(script)),
		transaction: (work) => gate.run(() => sql.begin((tx) => work(wrap(tx))) as Promise<never>),
		dataVersion: latestRead(async () => {
			try {
				const [row] = await versionSql.unsafe<{ version: string }[]>(DATA_VERSION_QUERY);
				return row?.version ?? 'none';
			} catch (error) {
				// Before the migration that creates it; any other failure is the caller's to see.
				if ((error as { code?: string }).code === '42P01') return 'none';
				throw error;
			}
		}),
		load: () => gate.stats(),
		async close() {
			await Promise.all([sql.end({ timeout: 5 }), versionSql.end({ timeout: 5 })]);
		}
	};
}
