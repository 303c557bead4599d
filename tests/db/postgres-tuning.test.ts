// The atlas's PostgreSQL sessions: JIT off and a statement timeout (also through a pooler that
// drops startup parameters, as Supavisor does), a pool that keeps to its size, prepared
// statements when allowed, and maintenance work (migrations) that the timeout does not cut.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import {
	APPLICATION_NAME,
	openPostgres,
	POSTGRES_DEFAULTS,
	type PostgresOptions
} from '../../src/lib/server/db/postgres.ts';
import { serverDatabase } from '../support/engines.ts';
import { startStartupDroppingProxy } from '../support/startup-dropping-proxy.ts';

type Server = Awaited<ReturnType<typeof serverDatabase>>;

describe('PostgreSQL sessions of the atlas', () => {
	let server: Server;
	let admin: postgres.Sql;
	const opened: Database[] = [];
	const open = async (options: Partial<PostgresOptions> = {}, url = server.url) => {
		const db = await openPostgres(url, { ...POSTGRES_DEFAULTS, ...options });
		opened.push(db);
		return db;
	};
	/** The settings a statement of the atlas runs with, outside and inside a transaction. */
	const settingsOf = async (db: Database) => {
		const read = `select current_setting('jit') as jit, current_setting('statement_timeout') as timeout`;
		const [alone] = await db.query<{ jit: string; timeout: string }>(read);
		const [inside] = await db.transaction((tx) => tx.query<{ jit: string; timeout: string }>(read));
		return { alone, inside };
	};

	beforeAll(async () => {
		server = await serverDatabase(inject('postgresUrl'));
		admin = postgres(server.url, { max: 1, onnotice: () => {} });
	});
	afterAll(async () => {
		for (const db of opened) await db.close();
		await admin?.end();
		await server?.drop();
	});

	it('the server compiles with JIT by default: what the atlas turns off', async () => {
		expect((await admin.unsafe('show jit'))[0].jit).toBe('on');
		expect((await admin.unsafe('show statement_timeout'))[0].statement_timeout).toBe('0');
	});

	it('runs with JIT off and the configured statement timeout', async () => {
		const db = await open({ statementTimeoutMs: 7000 });
		expect(await settingsOf(db)).toEqual({
			alone: { jit: 'off', timeout: '7s' },
			inside: { jit: 'off', timeout: '7s' }
		});
		expect((await db.query<{ jit: string }>('show jit'))[0].jit).toBe('off');
	});

	it('keeps them through a pooler that drops startup parameters, by setting them per transaction', async () => {
		const target = new URL(server.url);
		const proxy = await startStartupDroppingProxy({
			host: target.hostname,
			port: Number(target.port)
		});
		try {
			const through = new URL(server.url);
			through.port = String(proxy.port);
			// A client that relies on startup parameters alone loses them on the way.
			const plain = postgres(through.href, { max: 1, connection: { jit: 'off' } });
			expect((await plain.unsafe('show jit'))[0].jit).toBe('on');
			await plain.end();
			expect(proxy.seen.startupParameters.flat()).toContain('jit');

			// Session mode keeps prepared statements; transaction mode (prepare: false) does not.
			for (const prepare of [true, false]) {
				const db = await open({ statementTimeoutMs: 6000, prepare }, through.href);
				expect(await settingsOf(db), `prepare: ${prepare}`).toEqual({
					alone: { jit: 'off', timeout: '6s' },
					inside: { jit: 'off', timeout: '6s' }
				});
			}
			// Set per transaction, so nothing stays on the server connection for other clients.
			const raw = postgres(through.href, { max: 1 });
			expect((await raw.unsafe('show jit'))[0].jit).toBe('on');
			await raw.end();
		} finally {
			await proxy.close();
		}
	});

	it('never opens more connections than the pool size, under concurrent load', async () => {
		// This pool's connections alone, by name (a URL parameter names them, as it may in production).
		const url = new URL(server.url);
		url.searchParams.set('application_name', `${APPLICATION_NAME}-pool-test`);
		const db = await open({ poolMax: 3 }, url.href);
		const connections = async () =>
			(
				await admin.unsafe<{ n: number }[]>(
					`select count(*)::int4 as n from pg_stat_activity where datname = $1 and application_name = $2`,
					[server.name, `${APPLICATION_NAME}-pool-test`]
				)
			)[0].n;
		let most = 0;
		let running = true;
		const sampling = (async () => {
			while (running) {
				most = Math.max(most, await connections());
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		})();
		const started = performance.now();
		const results = await Promise.all(
			Array.from({ length: 24 }, (_, i) =>
				db.query<{ n: number }>('select $1::int4 as n from pg_sleep(0.05)', [i])
			)
		);
		const elapsed = performance.now() - started;
		running = false;
		await sampling;
		expect(results.map(([row]) => row.n)).toEqual(Array.from({ length: 24 }, (_, i) => i));
		// 24 statements of 50 ms on 3 connections: at least 8 rounds.
		expect(elapsed).toBeGreaterThanOrEqual(8 * 50 - 10);
		// The pool, plus the one connection that listens for data-version announcements.
		expect(most).toBe(3 + 1);
	});

	it('ends a statement over the timeout with the timeout error, and keeps serving', async () => {
		for (const prepare of [true, false]) {
			const db = await open({ statementTimeoutMs: 200, prepare, poolMax: 1 });
			const started = performance.now();
			const error = await db.query('select pg_sleep(2)').then(
				() => null,
				(e: { code?: string; message: string }) => e
			);
			expect(error?.code, `prepare: ${prepare}`).toBe('57014');
			expect(error?.message).toMatch(/statement timeout/);
			expect(performance.now() - started).toBeLessThan(1500);
			expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
		}
	});

	it('does not cut migrations with the timeout', async () => {
		for (const prepare of [true, false]) {
			const db = await open({ statementTimeoutMs: 100, prepare });
			const version = prepare ? '1' : '2';
			expect(
				await migrate(db, [
					{ version, name: 'slow', sql: `select pg_sleep(0.4); create table slow_${version} ()` }
				])
			).toEqual([version]);
			await expect(db.query('select pg_sleep(0.4)')).rejects.toMatchObject({ code: '57014' });
		}
	});

	it('prepares its statements, with or without parameters, unless told not to', async () => {
		const withParameter = 'select $1::int4 + 1 as next';
		const without = 'select 40 + 2 as next';
		const prepared = async (db: Database) => {
			expect(await db.query(withParameter, [41])).toEqual([{ next: 42 }]);
			expect(await db.query(without)).toEqual([{ next: 42 }]);
			const rows = await db.query<{ statement: string }>(
				'select statement from pg_prepared_statements'
			);
			return [withParameter, without].map((text) => rows.some((row) => row.statement === text));
		};
		expect(await prepared(await open({ poolMax: 1 }))).toEqual([true, true]);
		expect(await prepared(await open({ poolMax: 1, prepare: false }))).toEqual([false, false]);
	});
});
