import type { Queryable } from './db/engine.ts';

/** At most `attempts` in any `windowMs`. */
export interface AttemptLimit {
	attempts: number;
	windowMs: number;
}

/** The tables that count attempts by a hashed key (same columns: key, attempted_at, allowed, last_at). */
export type AttemptTable = 'sign_in_attempt' | 'write_attempt';

/**
 * Records an attempt under `key`; false when the key already used up its attempts in the sliding
 * window (the refused attempt is not counted). One statement that locks the key's row (insert …
 * on conflict do update), so processes racing on the same key cannot both get past the limit. It
 * also prunes the keys idle for a whole window (every key of a table shares the table's window).
 */
export async function recordAttempt(
	db: Queryable,
	table: AttemptTable,
	key: string,
	limit: AttemptLimit
): Promise<boolean> {
	const [row] = await db.query<{ allowed: boolean }>(
		`with pruned as (
			delete from public.${table}
			where last_at < now() - $3::float8 * interval '1 millisecond' and key <> $1
		)
		insert into public.${table} as a (key, attempted_at, allowed, last_at)
		values ($1, array[now()], true, now())
		on conflict (key) do update set (attempted_at, allowed, last_at) = (
			select case when cardinality(r.recent) < $2 then r.recent || now() else r.recent end,
				cardinality(r.recent) < $2, now()
			from (select array(select t from unnest(a.attempted_at) t
				where t > now() - $3::float8 * interval '1 millisecond' order by t) as recent) r
		)
		returning allowed`,
		[key, limit.attempts, limit.windowMs]
	);
	return row.allowed;
}
