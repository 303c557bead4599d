// The embedded database's thread. PGlite runs PostgreSQL compiled to WebAssembly synchronously:
// on the server's own thread every query would stop every other request. Here it runs on a
// worker thread. Jobs queue here in arrival order and run one at a time; while a transaction is
// open only its own statements run, the others wait for its commit or rollback.
//
// Plain JavaScript with package imports only: the production build copies this file as it is.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdir, rename } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/**
 * @typedef {{ text: string, params?: unknown[] }} Statement
 * @typedef {{ op: 'query', text: string, params: unknown[], tx?: number }
 *   | { op: 'exec', text: string, tx?: number }
 *   | { op: 'begin', tx: number, setup: Statement[] } | { op: 'batch', statements: Statement[] }
 *   | { op: 'commit', tx: number } | { op: 'rollback', tx: number }
 *   | { op: 'dump' } | { op: 'restore', tarball: ArrayBuffer, moveTo?: string } | { op: 'close' }} Job
 * @typedef {{ rows?: unknown[], results?: unknown[][], bytes?: ArrayBuffer, transfer?: ArrayBuffer,
 *   version?: string }} Result
 */

if (!parentPort) throw new Error('pglite-worker.js runs as a worker thread');
const port = parentPort;
/** @type {string | undefined} */
const dataDir = workerData.dataDir;
const extensions = { postgis, pg_trgm, unaccent };

/** @param {Blob | undefined} [loadDataDir] */
async function open(loadDataDir) {
	if (dataDir) await mkdir(dataDir, { recursive: true });
	// The extensions must be passed on every open, not only the first (stack notes).
	return PGlite.create(dataDir, { extensions, loadDataDir });
}

let pg = await open();
/** The public data version as the database last announced it (see `bump_data_version`). */
let current = 'none';
await followVersion();
/** The open transaction's id: only its statements run until it ends. */
let openTransaction = /** @type {number | null} */ (null);

/** A database error as plain data: the fields the data-access code reads survive the thread hop. */
function plainError(/** @type {any} */ error) {
	/** @type {Record<string, unknown>} */
	const plain = { message: String(error?.message ?? error) };
	for (const key of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'severity'])
		if (error?.[key] !== undefined) plain[key] = error[key];
	return plain;
}

/**
 * Reads the public data version once, then follows its announcements: PGlite delivers a
 * NOTIFY before the call that committed it returns, so every answer outside a transaction carries
 * the version without a second query (only this thread writes to the database).
 */
async function followVersion() {
	await pg.listen('atlas_data_version', (payload) => (current = payload));
	await reread();
}

/** Asks for the version (after a migration or a restore, which may create or replace its row). */
async function reread() {
	try {
		const { rows } = await pg.query('select version::text as version from public.data_version');
		current = /** @type {{ version: string }[]} */ (rows)[0]?.version ?? 'none';
	} catch {
		current = 'none'; // before the migration that creates it
	}
}

/** @param {Job} job @returns {Promise<Result>} */
async function run(job) {
	switch (job.op) {
		case 'query': {
			const { rows } = await pg.query(job.text, job.params);
			return job.tx === undefined ? { rows, version: current } : { rows };
		}
		case 'exec':
			await pg.exec(job.text);
			if (job.tx !== undefined) return {};
			await reread();
			return { version: current };
		case 'begin':
			await pg.exec('begin');
			openTransaction = job.tx;
			try {
				for (const statement of job.setup) await pg.query(statement.text, statement.params ?? []);
			} catch (error) {
				await pg.exec('rollback');
				openTransaction = null;
				throw error;
			}
			return {};
		case 'batch': {
			const results = [];
			await pg.exec('begin');
			try {
				for (const statement of job.statements)
					results.push((await pg.query(statement.text, statement.params ?? [])).rows);
				await pg.exec('commit');
			} catch (error) {
				await pg.exec('rollback');
				throw error;
			}
			return { results, version: current };
		}
		case 'commit':
		case 'rollback':
			try {
				await pg.exec(job.op);
			} finally {
				openTransaction = null;
			}
			return { version: current };
		case 'dump': {
			// Between jobs no transaction is open: the dump is a consistent copy of the database.
			const file = await pg.dumpDataDir('gzip');
			const bytes = await file.arrayBuffer();
			return { transfer: bytes, bytes };
		}
		case 'restore': {
			// Proven loadable in memory first: a damaged file leaves the database as it was.
			const tarball = new Blob([job.tarball]);
			try {
				const trial = await PGlite.create(undefined, { extensions, loadDataDir: tarball });
				await trial.query('select 1 from public.municipality limit 1');
				await trial.close();
			} catch (error) {
				throw Object.assign(new Error(`not an atlas backup: ${String(error)}`), {
					code: 'not_a_backup'
				});
			}
			await pg.close();
			if (dataDir && job.moveTo) await rename(dataDir, job.moveTo);
			pg = await open(tarball);
			await followVersion();
			return { version: current };
		}
		case 'close':
			await pg.close();
			return {};
		default:
			throw new Error(`unknown job ${JSON.stringify(job)}`);
	}
}

/** @type {(Job & { id: number })[]} */
const waiting = [];
let running = false;

/** The next job that may run: the first in line, or the open transaction's next statement. */
function next() {
	if (openTransaction === null) return waiting.shift();
	const at = waiting.findIndex((job) => 'tx' in job && job.tx === openTransaction);
	return at < 0 ? undefined : waiting.splice(at, 1)[0];
}

async function work() {
	if (running) return;
	running = true;
	for (let job = next(); job; job = next()) {
		try {
			const { transfer, ...result } = await run(job);
			port.postMessage({ id: job.id, ok: true, ...result }, transfer ? [transfer] : []);
		} catch (error) {
			port.postMessage({ id: job.id, ok: false, error: plainError(error) });
		}
	}
	running = false;
}

port.on('message', (/** @type {Job & { id: number }} */ job) => {
	waiting.push(job);
	void work();
});
port.postMessage({ ready: true });
