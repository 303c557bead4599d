// The embedded database's thread. PGlite runs PostgreSQL compiled to WebAssembly synchronously:
// on the server's own thread every query would stop every other request. Here it runs on a
// worker thread; the server sends one job at a time (src/lib/server/db/pglite.ts keeps the queue).
//
// Plain JavaScript with package imports only: the production build copies this file as it is.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdir, rename } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/**
 * @typedef {{ op: 'query', text: string, params: unknown[] } | { op: 'exec', text: string }
 *   | { op: 'dump' } | { op: 'restore', tarball: ArrayBuffer, moveTo?: string } | { op: 'close' }} Job
 */

if (!parentPort) throw new Error('pglite-worker.js runs as a worker thread');
const port = parentPort;
/** @type {string | undefined} */
const dataDir = workerData.dataDir;

/** @param {Blob | undefined} [loadDataDir] */
async function open(loadDataDir) {
	if (dataDir) await mkdir(dataDir, { recursive: true });
	// The extensions must be passed on every open, not only the first (stack notes).
	return PGlite.create(dataDir, { extensions: { postgis, pg_trgm, unaccent }, loadDataDir });
}

let pg = await open();

/** A database error as plain data: the fields the data-access code reads survive the thread hop. */
function plainError(/** @type {any} */ error) {
	/** @type {Record<string, unknown>} */
	const plain = { message: String(error?.message ?? error) };
	for (const key of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'severity'])
		if (error?.[key] !== undefined) plain[key] = error[key];
	return plain;
}

/**
 * @param {Job} job
 * @returns {Promise<{ rows?: unknown[], bytes?: ArrayBuffer, transfer?: ArrayBuffer }>}
 */
async function run(job) {
	switch (job.op) {
		case 'query':
			return { rows: (await pg.query(job.text, job.params)).rows };
		case 'exec':
			await pg.exec(job.text);
			return {};
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
				const trial = await PGlite.create(undefined, {
					extensions: { postgis, pg_trgm, unaccent },
					loadDataDir: tarball
				});
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
			return {};
		}
		case 'close':
			await pg.close();
			return {};
		default:
			throw new Error(`unknown job ${JSON.stringify(job)}`);
	}
}

port.on('message', async (/** @type {Job & { id: number }} */ message) => {
	try {
		const { transfer, ...result } = await run(message);
		port.postMessage({ id: message.id, ok: true, ...result }, transfer ? [transfer] : []);
	} catch (error) {
		port.postMessage({ id: message.id, ok: false, error: plainError(error) });
	}
});
port.postMessage({ ready: true });
