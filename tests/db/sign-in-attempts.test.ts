import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
	clearSignInAttempts,
	recordSignInAttempt,
	SIGN_IN_LIMIT,
	signInKey
} from '../../src/lib/server/auth/sign-in-attempts.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { ENGINES, freshDatabase, migrated, serverDatabase } from '../support/engines.ts';

const KEY = signInKey('192.0.2.7', 'Anna@Example.org');
const OTHER = signInKey('192.0.2.7', 'bruno@example.org');

describe.each(ENGINES)('sign-in attempts, limited in the database, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	/** Attempts for `key`, one after the other: which were allowed. */
	const attempts = async (n: number, key = KEY) => {
		const allowed: boolean[] = [];
		for (let i = 0; i < n; i++) allowed.push(await recordSignInAttempt(db, key));
		return allowed;
	};
	/** Moves the key's oldest `count` counted attempts back in time by `minutes`. */
	const age = (count: number, minutes: number, key = KEY) =>
		db.query(
			`update public.sign_in_attempt set attempted_at = array(
				select case when n <= $2 then t - make_interval(mins => $3) else t end
				from unnest(attempted_at) with ordinality u(t, n) order by n)
			 where key = $1`,
			[key, count, minutes]
		);

	beforeAll(async () => {
		({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
		await migrated(db);
	});
	afterAll(async () => drop?.());
	beforeEach(async () => {
		await db.query('delete from public.sign_in_attempt');
	});

	it('allows 5 attempts per address and email, refuses the 6th and the next', async () => {
		expect(SIGN_IN_LIMIT).toEqual({ attempts: 5, windowMs: 15 * 60 * 1000 });
		expect(await attempts(7)).toEqual([true, true, true, true, true, false, false]);
		// Another email from the same address has its own count.
		expect(await attempts(1, OTHER)).toEqual([true]);
	});

	it('slides the window: an attempt older than 15 minutes no longer counts', async () => {
		expect(await attempts(6)).toEqual([true, true, true, true, true, false]);
		await age(2, 16);
		expect(await attempts(3)).toEqual([true, true, false]);
		// 14 minutes is still inside the window.
		await db.query('delete from public.sign_in_attempt');
		await attempts(5);
		await age(5, 14);
		expect(await attempts(1)).toEqual([false]);
	});

	it('starts again after a successful sign-in', async () => {
		await attempts(6);
		await clearSignInAttempts(db, KEY);
		expect(await attempts(6)).toEqual([true, true, true, true, true, false]);
	});

	it('prunes the keys idle for a whole window, and stores neither address nor email', async () => {
		await attempts(2, OTHER);
		await db.query(
			`update public.sign_in_attempt set last_at = now() - interval '16 minutes' where key = $1`,
			[OTHER]
		);
		await attempts(1);
		const rows = await db.query<{ key: string }>('select key from public.sign_in_attempt');
		expect(rows).toEqual([{ key: KEY }]);
		expect(KEY).toMatch(/^[0-9a-f]{64}$/);
		expect(signInKey('192.0.2.7', ' anna@example.org ')).toBe(KEY);
		const [{ text }] = await db.query<{ text: string }>(
			`select string_agg(s::text, ' ') as text from public.sign_in_attempt s`
		);
		expect(text).not.toMatch(/anna|example|192\.0\.2/i);
	});

	it('row-level security: anon and authenticated can neither read nor write it', async () => {
		await attempts(1);
		for (const role of ['anon', 'authenticated']) {
			const as = (sql: string, params: unknown[] = []) =>
				db.transaction(async (tx) => {
					await tx.exec(`set local role ${role}`);
					return tx.query(sql, params);
				});
			for (const sql of [
				'select * from public.sign_in_attempt',
				`insert into public.sign_in_attempt (key, attempted_at, allowed, last_at)
				 values (repeat('a', 64), '{}', true, now())`,
				`update public.sign_in_attempt set attempted_at = '{}'`,
				'delete from public.sign_in_attempt'
			])
				await expect(as(sql), `${role}: ${sql}`).rejects.toThrow(/permission denied/);
		}
		const [{ attempts: left }] = await db.query<{ attempts: number }>(
			`select cardinality(attempted_at) as attempts from public.sign_in_attempt where key = $1`,
			[KEY]
		);
		expect(left).toBe(1);
	});
});

describe('sign-in attempts from two atlas processes racing, on PostgreSQL', () => {
	let server: Awaited<ReturnType<typeof serverDatabase>>;
	let first: Database;
	let second: Database;

	beforeAll(async () => {
		server = await serverDatabase(inject('postgresUrl'));
		first = await openPostgres(server.url);
		await migrated(first);
		second = await openPostgres(server.url);
	});
	afterAll(async () => {
		await first?.close();
		await second?.close();
		await server?.drop();
	});

	it('never lets more than 5 attempts through, however they interleave', async () => {
		for (let round = 0; round < 5; round++) {
			await clearSignInAttempts(first, KEY);
			const allowed = await Promise.all(
				Array.from({ length: 24 }, (_, i) => recordSignInAttempt(i % 2 ? first : second, KEY))
			);
			expect(allowed.filter(Boolean).length, `round ${round}`).toBe(5);
			const [{ counted }] = await first.query<{ counted: number }>(
				`select cardinality(attempted_at) as counted from public.sign_in_attempt where key = $1`,
				[KEY]
			);
			expect(counted).toBe(5);
		}
	});
});
