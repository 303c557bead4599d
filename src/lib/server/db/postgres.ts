import postgres from 'postgres';
import { DATA_VERSION_QUERY, type Database, type Queryable, type Statement } from './engine.ts';
import { trackVersion } from './version-tracker.ts';
import { WorkGate, type GateLimits } from './work-gate.ts';

type Sql = postgres.Sql | postgres.TransactionSql;
type Params = postgres.ParameterOrJSON<never>[];

export interface PostgresOptions extends Omit<GateLimits, 'concurrency'> {
	/** Connections in the pool; as many jobs run at once, the others wait in a bounded queue. */
	poolMax: number;
	/** Prepared statements; false behind a pooler in transaction mode (Supabase's port 6543). */
	prepare: boolean;
	/** The longest a statement of the atlas may run, in milliseconds; 0: no limit. */
	statementTimeoutMs: number;
	/**
	 * How the session settings reach the server: `startup` parameters of each connection, or `SET
	 * LOCAL` in a transaction around every statement. Unset: startup parameters when the server
	 * confirms them, else per transaction (see `openPostgres`).
	 */
	settingsVia?: 'startup' | 'transaction';
}

/** Where bump_data_version() announces a new version (supabase/migrations, data_version). */
const VERSION_CHANNEL = 'atlas_data_version';
/** How often the version is read anyway, should an announcement be missed. */
const VERSION_POLL_MS = 1_000;
/** A statement that only reads (a function it calls may write: announcements cover that case). */
const READS_ONLY = /^\s*select\b/i;

export const POSTGRES_DEFAULTS: PostgresOptions = {
	poolMax: 10,
	prepare: true,
	statementTimeoutMs: 10_000,
	// Jobs beyond the pool wait at most a few seconds, then their request gets a 503.
	maxQueue: 1_000,
	maxWaitMs: 5_000
};

/** Names the atlas's connections in pg_stat_activity. */
export const APPLICATION_NAME = 'atlante-lucca-2030';

/**
 * The atlas's session settings. JIT off: PostgreSQL compiles a costly query (the opportunities'
 * PostGIS query) on every run, which took about a second for a query that runs in tens of
 * milliseconds without it.
 */
function sessionSettings(options: PostgresOptions): Record<string, string> {
	return { jit: 'off', statement_timeout: String(options.statementTimeoutMs) };
}

const SET_LOCAL = `select set_config('jit', $1, true), set_config('statement_timeout', $2, true)`;

/** Connects to PostgreSQL + PostGIS (a Supabase project, or any server) by connection string. */
export async function openPostgres(
	url: string,
	options: PostgresOptions = POSTGRES_DEFAULTS
): Promise<Database> {
	const settings = sessionSettings(options);
	const sql = postgres(url, {
		max: options.poolMax,
		prepare: options.prepare,
		onnotice: () => {},
		connection: { application_name: APPLICATION_NAME, ...settings },
		// Keep numeric types as JavaScript numbers where they fit.
		types: { bigint: postgres.BigInt }
	});
	// Never the simple protocol for query(), which postgres.js picks for a statement without
	// parameters: nothing is prepared with it (`simple` is a runtime option its types omit).
	const queryOptions = { prepare: options.prepare, simple: false } as postgres.UnsafeQueryOptions;
	const run = (on: Sql, text: string, params: unknown[]) =>
		on.unsafe(text, params as Params, queryOptions);
	const setLocal = (tx: Sql) =>
		run(tx, SET_LOCAL, [settings.jit, settings.statement_timeout]).execute();

	try {
		// Poolers such as Supavisor open their own server connections and drop the client's
		// startup parameters; in transaction mode a session SET would also reach other clients.
		// SET LOCAL inside each transaction works everywhere, at the cost of begin and commit.
		const perTransaction =
			options.settingsVia === 'transaction' ||
			(options.settingsVia === undefined && (!options.prepare || !(await confirmed(sql))));
		const wrap = (on: Sql): Queryable => ({
			async query<T>(text: string, params: unknown[] = []) {
				return (await run(on, text, params)) as unknown as T[];
			},
			async exec(script: string) {
				await on.unsafe(script);
			}
		});
		const database: Queryable = perTransaction
			? {
					async query<T>(text: string, params: unknown[] = []) {
						// Pipelined: the settings and the statement leave together.
						const [, rows] = await sql.begin((tx) => [setLocal(tx), run(tx, text, params)]);
						return rows as unknown as T[];
					},
					exec: wrap(sql).exec
				}
			: wrap(sql);
		await database.query('select 1');
		const gate = new WorkGate({ concurrency: options.poolMax, ...options });
		const version = trackVersion(readVersion, VERSION_POLL_MS);
		// Other atlas processes' writes, as they commit; after a reconnection, read it again.
		// postgres.js gives LISTEN a connection of its own, besides the pool.
		await sql.listen(
			VERSION_CHANNEL,
			(announced) => version.announced(announced),
			() => void version.refresh().catch(() => {})
		);
		/**
		 * A batch on one connection, pipelined: begin, the settings, the statements, the data
		 * version and commit leave together, one round trip in all. After a failed statement the
		 * server refuses the rest and turns the commit into a rollback; the first failure is thrown.
		 */
		const pipelined = async (statements: Statement[]): Promise<unknown[][]> => {
			const withVersion = (await version.current()) !== 'none';
			const connection = await sql.reserve();
			try {
				const sent = [
					connection.unsafe('begin'),
					...(perTransaction ? [setLocal(connection)] : []),
					...statements.map((s) => run(connection, s.text, s.params ?? [])),
					...(withVersion ? [run(connection, DATA_VERSION_QUERY, [])] : []),
					connection.unsafe('commit')
				];
				const settled = await Promise.allSettled(sent);
				const failed = settled.find((outcome) => outcome.status === 'rejected');
				if (failed) {
					await connection.unsafe('rollback').catch(() => {});
					throw failed.reason;
				}
				const rows = settled
					.slice(0, -1)
					.map((outcome) => (outcome as PromiseFulfilledResult<unknown[]>).value);
				const results = rows.slice(perTransaction ? 2 : 1, rows.length - (withVersion ? 1 : 0));
				// Read inside the transaction, after its writes: this process's next reads see them.
				if (withVersion) version.announced((rows.at(-1) as { version: string }[])[0].version);
				return results.map((r) => [...r]);
			} finally {
				connection.release();
			}
		};

		/** Runs a job that may write; this process's next reads see what it wrote. */
		const writing = async <T>(job: () => Promise<T>) => {
			try {
				return await gate.run(job);
			} finally {
				await version.refresh().catch(() => {});
			}
		};
		return {
			engine: 'postgres',
			query: (text, params) =>
				READS_ONLY.test(text)
					? gate.run(() => database.query(text, params))
					: writing(() => database.query(text, params)),
			exec: (script) => writing(() => database.exec(script)),
			transaction: (work, setup = []) =>
				writing(
					() =>
						sql.begin(async (tx) => {
							if (perTransaction) setLocal(tx);
							for (const statement of setup) await run(tx, statement.text, statement.params ?? []);
							return work(wrap(tx));
						}) as Promise<never>
				),
			batch: (statements) => gate.run(() => pipelined(statements)),
			dataVersion: () => version.current(),
			knownDataVersion: () => version.known(),
			load: () => gate.stats(),
			async close() {
				version.stop();
				await sql.end({ timeout: 5 });
			}
		};
	} catch (error) {
		await sql.end({ timeout: 1 });
		throw error;
	}

	async function readVersion(): Promise<string> {
		try {
			// Outside the queue: after a write, and once a second, never per request.
			const [row] = await sql.unsafe<{ version: string }[]>(DATA_VERSION_QUERY);
			return row?.version ?? 'none';
		} catch (error) {
			// Before the migration that creates it; any other failure is the caller's to see.
			if ((error as { code?: string }).code === '42P01') return 'none';
			throw error;
		}
	}

	/** Whether the server took the startup parameters (a direct connection does). */
	async function confirmed(on: Sql): Promise<boolean> {
		const rows = await on.unsafe<{ name: string; setting: string }[]>(
			`select name, setting from pg_settings where name in ('jit', 'statement_timeout')`
		);
		return rows.every((row) => settings[row.name] === row.setting) && rows.length === 2;
	}
}
