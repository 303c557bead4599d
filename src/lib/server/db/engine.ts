/** What every engine offers the data-access code: parameterised queries, scripts, transactions. */
export interface Queryable {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
	/** Runs a script of several statements (a migration). */
	exec(script: string): Promise<void>;
}

/** A Queryable that can also run a transaction (a Database; a transaction's own handle cannot). */
export interface Transactional extends Queryable {
	transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Database extends Transactional {
	readonly engine: 'pglite' | 'postgres';
	close(): Promise<void>;
}

/**
 * Lifts the statement timeout for the rest of the transaction: migrations and the data load may
 * rightly run longer than a request's statement. Plain SQL, so it runs on both engines.
 */
export async function liftStatementTimeout(tx: Queryable): Promise<void> {
	await tx.query(`select set_config('statement_timeout', '0', true)`);
}
