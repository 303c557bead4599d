import type { GateStats } from './work-gate.ts';

/** What every engine offers the data-access code: parameterised queries, scripts, transactions. */
export interface Queryable {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
	/** Runs a script of several statements (a migration). */
	exec(script: string): Promise<void>;
}

/** A statement and its parameters. */
export interface Statement {
	text: string;
	params?: unknown[];
}

/** A Queryable that can also run a transaction (a Database; a transaction's own handle cannot). */
export interface Transactional extends Queryable {
	/**
	 * Runs `work` in a transaction; `setup` statements run first, sent along with its start (the
	 * identity's role and claims: one round trip less on the embedded engine).
	 */
	transaction<T>(work: (tx: Queryable) => Promise<T>, setup?: Statement[]): Promise<T>;
}

export interface Database extends Transactional {
	readonly engine: 'pglite' | 'postgres';
	/** Runs statements known in advance in one transaction, sent together; the rows of each. */
	batch(statements: Statement[]): Promise<unknown[][]>;
	/**
	 * The public data's version (`public.data_version`), read after this call began: a write that
	 * committed before it, in this process or another, is never missed.
	 */
	dataVersion(): Promise<string>;
	/** The version as this process knows it now, without waiting; undefined until it is known. */
	knownDataVersion(): string | undefined;
	/** How busy the engine is: jobs running and waiting, for the health endpoint. */
	load(): GateStats;
	close(): Promise<void>;
}

/** The embedded engine also copies itself whole, consistently, while it serves. */
export interface EmbeddedDatabase extends Database {
	readonly engine: 'pglite';
	/** A gzipped tarball of the data directory (PGlite's dumpDataDir), taken between two jobs. */
	backup(): Promise<Uint8Array>;
	/** Replaces the database with a backup; the current directory is kept aside at `keepAt`. */
	restore(tarball: Uint8Array, keepAt?: string): Promise<void>;
}

/** Where the data version table is read (null before its migration has run). */
export const DATA_VERSION_QUERY = 'select version::text as version from public.data_version';

export const isEmbedded = (db: Database): db is EmbeddedDatabase => db.engine === 'pglite';

/**
 * Lifts the statement timeout for the rest of the transaction: migrations and the data load may
 * rightly run longer than a request's statement. Plain SQL, so it runs on both engines.
 */
export async function liftStatementTimeout(tx: Queryable): Promise<void> {
	await tx.query(`select set_config('statement_timeout', '0', true)`);
}
