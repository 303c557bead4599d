import { Worker } from 'node:worker_threads';
import type { EmbeddedDatabase, Queryable, Statement } from './engine.ts';
import { WorkGate, type GateLimits } from './work-gate.ts';

/** An error of the database, with PostgreSQL's fields (code, constraint…) as the driver gives them. */
export class DatabaseError extends Error {
	code?: string;
	detail?: string;
	constraint?: string;
	constructor(fields: { message: string } & Record<string, unknown>) {
		super(fields.message);
		this.name = 'DatabaseError';
		Object.assign(this, fields);
	}
}

/**
 * The embedded engine runs one job at a time (it is one PostgreSQL backend) from its own queue;
 * a few are handed to its thread ahead, so that it never waits for this thread between two jobs.
 * Beyond those, a bounded first come, first served queue here.
 */
export const EMBEDDED_LIMITS: GateLimits = { concurrency: 64, maxQueue: 500, maxWaitMs: 5_000 };

interface Reply {
	id: number;
	ok: boolean;
	rows?: unknown[];
	results?: unknown[][];
	bytes?: ArrayBuffer;
	version?: string | null;
	error?: { message: string } & Record<string, unknown>;
}

type Job =
	| { op: 'query'; text: string; params: unknown[]; tx?: number }
	| { op: 'exec'; text: string; tx?: number }
	| { op: 'begin'; tx: number; setup: Statement[] }
	| { op: 'batch'; statements: Statement[] }
	| { op: 'commit'; tx: number }
	| { op: 'rollback'; tx: number }
	| { op: 'dump' }
	| { op: 'restore'; tarball: ArrayBuffer; moveTo?: string }
	| { op: 'close' };

/** The worker thread that owns PGlite, and the calls to it. */
async function startWorker(dataDir: string | undefined) {
	const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
		workerData: { dataDir }
	});
	const pending = new Map<
		number,
		{ resolve: (reply: Reply) => void; reject: (e: Error) => void }
	>();
	let nextId = 1;
	let failure: Error | undefined;
	const fail = (error: Error) => {
		failure ??= error;
		for (const { reject } of pending.values()) reject(error);
		pending.clear();
	};
	worker.on('error', fail);
	worker.on('exit', (code) => fail(new Error(`the embedded database stopped (exit ${code})`)));
	await new Promise<void>((resolve, reject) => {
		worker.once('message', () => resolve());
		worker.once('error', reject);
		worker.once('exit', () => reject(failure ?? new Error('the embedded database did not open')));
	});
	worker.on('message', (reply: Reply) => {
		const waiting = pending.get(reply.id);
		if (!waiting) return;
		pending.delete(reply.id);
		if (reply.ok) waiting.resolve(reply);
		else waiting.reject(new DatabaseError(reply.error!));
	});

	function call(job: Job, transfer: ArrayBuffer[] = []): Promise<Reply> {
		if (failure) return Promise.reject(failure);
		const id = nextId++;
		return new Promise((resolve, reject) => {
			pending.set(id, { resolve, reject });
			worker.postMessage({ id, ...job }, transfer);
		});
	}
	return { worker, call, failure: () => failure };
}

/**
 * Opens the embedded PGlite + PostGIS database persisted in `dataDir` (created on first open),
 * or in memory when `dataDir` is undefined. It runs on its own thread, so a query never stops the
 * server answering other requests; jobs (a query, or a whole transaction) take turns in a queue.
 */
export async function openPglite(
	dataDir: string | undefined,
	limits: GateLimits = EMBEDDED_LIMITS
): Promise<EmbeddedDatabase> {
	const { worker, call, failure } = await startWorker(dataDir);
	const gate = new WorkGate(limits);
	let nextTransaction = 1;

	// Only this process writes to the embedded database, and every answer from its thread
	// outside a transaction carries the version: reads need no round trip to learn it.
	let version = 'none';
	const learn = (reply: Reply) => {
		if (reply.version) version = reply.version;
		return reply;
	};
	learn(await gate.run(() => call({ op: 'query', text: 'select 1', params: [] })));

	const inTransaction = (tx: number): Queryable => ({
		async query<T>(text: string, params: unknown[] = []) {
			return (await call({ op: 'query', text, params, tx })).rows as T[];
		},
		async exec(text: string) {
			await call({ op: 'exec', text, tx });
		}
	});

	return {
		engine: 'pglite',
		async query<T>(text: string, params: unknown[] = []) {
			return learn(await gate.run(() => call({ op: 'query', text, params }))).rows as T[];
		},
		async exec(text) {
			learn(await gate.run(() => call({ op: 'exec', text })));
		},
		transaction: (work, setup = []) =>
			gate.run(async () => {
				const tx = nextTransaction++;
				await call({ op: 'begin', tx, setup });
				let result;
				try {
					result = await work(inTransaction(tx));
				} catch (error) {
					learn(await call({ op: 'rollback', tx }));
					throw error;
				}
				learn(await call({ op: 'commit', tx }));
				return result;
			}),
		async batch(statements) {
			return learn(await gate.run(() => call({ op: 'batch', statements }))).results!;
		},
		async dataVersion() {
			// A stopped database thread answers nothing: the health check says so to the balancer.
			const stopped = failure();
			if (stopped) throw stopped;
			return version;
		},
		knownDataVersion: () => (failure() ? undefined : version),
		load: () => gate.stats(),
		async backup() {
			const reply = await gate.run(() => call({ op: 'dump' }));
			return new Uint8Array(reply.bytes!);
		},
		async restore(tarball, keepAt) {
			const copy = new Uint8Array(tarball).buffer; // its own memory: a pooled Buffer cannot be transferred
			learn(await gate.run(() => call({ op: 'restore', tarball: copy, moveTo: keepAt }, [copy])));
		},
		async close() {
			await gate.run(() => call({ op: 'close' })).catch(() => {});
			await worker.terminate();
		}
	};
}
