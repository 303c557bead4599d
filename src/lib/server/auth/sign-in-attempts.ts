import { createHash } from 'node:crypto';
import type { Queryable } from '../db/engine.ts';

/** Five attempts per address and email every 15 minutes. */
export const SIGN_IN_LIMIT = { attempts: 5, windowMs: 15 * 60 * 1000 };

/** The key of a sign-in attempt: a hash of the client address and the email, so neither is stored. */
export function signInKey(address: string, email: string): string {
	return createHash('sha256').update(`${address}|${email.trim().toLowerCase()}`).digest('hex');
}

/**
 * Records an attempt; false when the key already used up its attempts in the sliding window
 * (the refused attempt is not counted). One statement that locks the key's row (insert … on
 * conflict do update), so processes racing on the same key cannot both get past the limit. It
 * also prunes the keys idle for a whole window.
 */
export async function recordSignInAttempt(
	db: Queryable,
	key: string,
	limit = SIGN_IN_LIMIT
): Promise<boolean> {
	const [row] = await db.query<{ allowed: boolean }>(
		`with pruned as (
			delete from public.sign_in_attempt
			where last_at < now() - $3::float8 * interval '1 millisecond' and key <> $1
		)
		insert into public.sign_in_attempt as a (key, attempted_at, allowed, last_at)
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

/** Forgets a key's attempts (after a successful sign-in). */
export async function clearSignInAttempts(db: Queryable, key: string): Promise<void> {
	await db.query('delete from public.sign_in_attempt where key = $1', [key]);
}
