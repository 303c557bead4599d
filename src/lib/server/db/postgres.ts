import postgres from 'postgres';
import type { Database, Queryable } from './engine.ts';

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

/** Connects to PostgreSQL + PostGIS (a Supabase project, or any server) by connection string. */
export async function openPostgres(url: string): Promise<Database> {
	const sql = postgres(url, {
		max: 5,
		onnotice: () => {},
		// Keep numeric types as JavaScript numbers where they fit.
		types: { bigint: postgres.BigInt }
	});
	await sql`select 1`;
	return {
		engine: 'postgres',
		...wrap(sql),
		transaction: (work) => sql.begin((tx) => work(wrap(tx))) as Promise<never>,
		close: () => sql.end({ timeout: 5 })
	};
}
