// Launch day, measured: 200 readers and 20 writers against the built atlas for a minute, on the
// embedded engine and on PostgreSQL; then every acknowledged write is looked for; then (embedded)
// the server is killed with SIGKILL in the middle of a burst of writes and restarted.
//
// The accounts are benchmark planners (bench-planner-N@example.org) in a throw-away database;
// their proposals are synthetic and never reach a real database.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { addLocalAccount } from '../../src/lib/server/auth/accounts.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import type { PostgresServer } from '../support/postgres-server.ts';
import { startAtlas, type AtlasProcess } from '../support/server-process.ts';

/** The read mix of the issue: what people opening the atlas from a link ask for. */
export const READ_MIX = [
	'/api/v1/municipalities',
	'/api/v1/municipalities/046017',
	'/api/v1/layers/broadband',
	'/api/v1/layers/districts',
	'/api/v1/interventions',
	'/api/v1/search?q=capanori',
	'/api/v1/opportunities',
	'/comuni/046007'
];
const READERS = 200;
/** The pool of the PostgreSQL run (the database on the same machine). */
export const PG_POOL = availableParallelism();
const WRITERS = 20;
const PASSWORD = 'password-del-banco-di-prova';

export interface Latencies {
	count: number;
	p50: number;
	p95: number;
	p99: number;
}
export interface LaunchDayFigures {
	engine: 'pglite' | 'postgres';
	seconds: number;
	readsPerSecond: number;
	reads: Latencies;
	writes: Latencies;
	/** Answers that are neither a success nor a deliberate 503, plus socket errors and timeouts. */
	errors: number;
	busy: { reads: number; writes: number };
	acknowledged: number;
	missing: number;
	rowsCounted: number;
	crash?: { acknowledged: number; missing: number; restartMs: number };
}

function latencies(values: number[]): Latencies {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) =>
		sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
	return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const proposalBody = (n: number) =>
	JSON.stringify({ title: `Banco di prova ${n}`, geometry: LINE_LUCCA_CAPANNORI });

/** Where the engine keeps its data for one scenario, and how to throw it away. */
async function freshStore(
	engine: 'pglite' | 'postgres',
	server: PostgresServer | undefined
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
	if (engine === 'pglite') {
		const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-launch-'));
		return {
			env: { ATLAS_PGLITE_DIR: dataDir },
			drop: async () => rmSync(dataDir, { recursive: true, force: true })
		};
	}
	const name = `atlas_bench_${randomBytes(4).toString('hex')}`;
	const admin = postgres(server!.url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(server!.url);
	url.pathname = `/${name}`;
	return {
		// PostgreSQL shares this machine's cores with the atlas: a pool as large as the cores keeps
		// its backends from crowding out the server's own thread (README, ATLAS_PG_POOL_MAX).
		env: { DATABASE_URL: url.href, ATLAS_PG_POOL_MAX: String(PG_POOL) },
		async drop() {
			await admin.unsafe(`drop database ${name} with (force)`);
			await admin.end();
		}
	};
}

/** The writers' accounts, made as an administrator would, before the server starts. */
async function addPlanners(env: Record<string, string>): Promise<string[]> {
	const db = await openDatabase(readConfig({ ...process.env, ...env }));
	const emails = Array.from({ length: WRITERS }, (_, i) => `bench-planner-${i}@example.org`);
	try {
		for (const email of emails)
			await addLocalAccount(db, {
				email,
				display_name: email,
				organisation: null,
				role: 'planner',
				password: PASSWORD
			});
	} finally {
		await db.close();
	}
	return emails;
}

async function signIn(url: string, email: string): Promise<string> {
	const response = await fetch(`${url}/accedi`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: PASSWORD })
	});
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.startsWith('atlas_session=')) throw new Error(`bench: ${email} could not sign in`);
	return cookie;
}

type Acknowledged = { id: string; cookie: string };

/** A running load generator (its events) and its result when it ends. */
function generate(options: autocannon.Options) {
	let instance!: autocannon.Instance;
	const done = new Promise<autocannon.Result>((resolve, reject) => {
		instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
	});
	return { instance, done };
}

/** 200 readers cycling through the read mix and 20 writers posting proposals, at once. */
async function runLoad(url: string, cookies: string[], seconds: number, writeRate?: number) {
	const readTimes: number[] = [];
	const writeTimes: number[] = [];
	const busy = { reads: 0, writes: 0 };
	let errors = 0;
	const acknowledged: Acknowledged[] = [];
	let written = 0;
	let writer = 0;

	const readers = generate({
		url,
		connections: READERS,
		duration: seconds,
		headers: { 'accept-encoding': 'gzip, br' },
		requests: READ_MIX.map((p) => ({ method: 'GET' as const, path: p }))
	});
	readers.instance.on('response', (_client, status, _bytes, ms) => {
		if (status === 503) busy.reads++;
		else if (status >= 400) errors++;
		else readTimes.push(ms);
	});
	const writers = generate({
		url,
		connections: WRITERS,
		duration: seconds,
		// Paced (writes per second, all writers together) or, by default, each writer's next as
		// soon as the last is answered.
		...(writeRate ? { overallRate: writeRate } : {}),
		requests: [
			{
				method: 'POST',
				path: '/api/v1/proposals',
				setupRequest: (request, state) => {
					const context = state as { cookie?: string };
					// One planner per connection, as 20 people at their desks.
					context.cookie ??= cookies[writer++ % cookies.length];
					return {
						...request,
						headers: {
							...request.headers,
							cookie: context.cookie,
							origin: url,
							'content-type': 'application/json'
						},
						body: proposalBody(written++)
					};
				},
				onResponse: (status, body, state) => {
					const { cookie } = state as { cookie: string };
					if (status === 201) acknowledged.push({ id: JSON.parse(body).id, cookie });
				}
			}
		]
	});
	writers.instance.on('response', (_client, status, _bytes, ms) => {
		if (status === 503) busy.writes++;
		else if (status >= 400) errors++;
		else writeTimes.push(ms);
	});
	const [readResult, writeResult] = await Promise.all([readers.done, writers.done]);
	errors += readResult.errors + readResult.timeouts + writeResult.errors + writeResult.timeouts;
	return {
		readsPerSecond: readTimes.length / seconds,
		reads: latencies(readTimes),
		writes: latencies(writeTimes),
		errors,
		busy,
		acknowledged
	};
}

/** Every acknowledged proposal readable by its author, and the authors' lists add up to them. */
async function reconcile(url: string, cookies: string[], acknowledged: Acknowledged[]) {
	let missing = 0;
	const queue = [...acknowledged];
	await Promise.all(
		Array.from({ length: 20 }, async () => {
			for (let next = queue.pop(); next; next = queue.pop()) {
				const response = await fetch(`${url}/api/v1/proposals/${next.id}`, {
					headers: { cookie: next.cookie }
				});
				if (response.status !== 200) missing++;
				await response.arrayBuffer();
			}
		})
	);
	let rowsCounted = 0;
	for (const cookie of cookies) {
		const mine = (await (
			await fetch(`${url}/api/v1/proposals`, { headers: { cookie } })
		).json()) as unknown[];
		rowsCounted += mine.length;
	}
	return { missing, rowsCounted };
}

/** SIGKILL in the middle of a burst of writes, a restart on the same directory, and a count. */
async function crashDuringWrites(
	env: Record<string, string>,
	port: number,
	cookies: string[],
	counted: number
) {
	let atlas: AtlasProcess = await startAtlas({ port, env });
	const acknowledged: Acknowledged[] = [];
	let stop = false;
	let n = 0;
	const burst = cookies.map(async (cookie) => {
		while (!stop) {
			try {
				const response = await fetch(`${atlas.url}/api/v1/proposals`, {
					method: 'POST',
					headers: { cookie, origin: atlas.url, 'content-type': 'application/json' },
					body: proposalBody(1_000_000 + n++)
				});
				if (response.status === 201)
					acknowledged.push({ id: ((await response.json()) as { id: string }).id, cookie });
			} catch {
				return; // the server is gone
			}
		}
	});
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	await atlas.stop('SIGKILL');
	stop = true;
	await Promise.all(burst);
	const restartStarted = performance.now();
	atlas = await startAtlas({ port, env });
	const restartMs = performance.now() - restartStarted;
	try {
		const { missing, rowsCounted } = await reconcile(atlas.url, cookies, acknowledged);
		// Rows beyond the acknowledged ones are writes that committed as the answer was lost.
		if (rowsCounted < counted + acknowledged.length)
			throw new Error(`bench: rows lost after the crash (${rowsCounted})`);
		return { acknowledged: acknowledged.length, missing, restartMs };
	} finally {
		await atlas.stop();
	}
}

/** One engine's launch day. */
export async function launchDay(
	engine: 'pglite' | 'postgres',
	options: {
		port: number;
		seconds: number;
		/** Writes per second for all writers together; unpaced when absent. */
		writeRate?: number;
		server?: PostgresServer;
		baseEnv: Record<string, string>;
	}
): Promise<LaunchDayFigures> {
	const store = await freshStore(engine, options.server);
	const env = { ...options.baseEnv, ...store.env };
	try {
		const emails = await addPlanners(env);
		const atlas = await startAtlas({ port: options.port, env });
		let figures: LaunchDayFigures;
		let cookies: string[];
		try {
			cookies = await Promise.all(emails.map((email) => signIn(atlas.url, email)));
			const load = await runLoad(atlas.url, cookies, options.seconds, options.writeRate);
			const { missing, rowsCounted } = await reconcile(atlas.url, cookies, load.acknowledged);
			figures = {
				engine,
				seconds: options.seconds,
				...load,
				acknowledged: load.acknowledged.length,
				missing,
				rowsCounted
			};
		} finally {
			await atlas.stop();
		}
		if (engine === 'pglite' && !options.writeRate)
			figures.crash = await crashDuringWrites(env, options.port, cookies, figures.rowsCounted);
		return figures;
	} finally {
		await store.drop();
	}
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

/** The figures as the issue's table: one column per engine. */
export function launchDayTable(figures: LaunchDayFigures[]): string {
	const rows: [string, (f: LaunchDayFigures) => string][] = [
		[`${READERS} readers + ${WRITERS} writers: reads/s`, (f) => f.readsPerSecond.toFixed(0)],
		['read p50 / p95 / p99', (f) => `${ms(f.reads.p50)} / ${ms(f.reads.p95)} / ${ms(f.reads.p99)}`],
		[
			'writes acknowledged; p50 / p95 / p99',
			(f) => `${f.acknowledged}; ${ms(f.writes.p50)} / ${ms(f.writes.p95)} / ${ms(f.writes.p99)}`
		],
		[
			'errors; deliberate 503s (reads, writes)',
			(f) => {
				const all = f.reads.count + f.writes.count + f.busy.reads + f.busy.writes;
				const share = (100 * (f.busy.reads + f.busy.writes)) / Math.max(1, all);
				return `${f.errors}; ${f.busy.reads}, ${f.busy.writes} (${share.toFixed(2)}%)`;
			}
		],
		['acknowledged writes missing; rows counted', (f) => `${f.missing}; ${f.rowsCounted}`],
		[
			'kill -9 during a burst of writes, restart',
			(f) =>
				f.crash
					? `${f.crash.acknowledged} acknowledged, ${f.crash.missing} lost, reopens in ${(f.crash.restartMs / 1000).toFixed(1)} s`
					: '—'
		]
	];
	const header = `| | ${figures.map((f) => (f.engine === 'pglite' ? 'embedded (PGlite)' : `PostgreSQL 15 + PostGIS (pool ${PG_POOL})`)).join(' | ')} |`;
	const line = `|---|${figures.map(() => '---').join('|')}|`;
	return [
		header,
		line,
		...rows.map(([name, cell]) => `| ${name} | ${figures.map(cell).join(' | ')} |`)
	].join('\n');
}
