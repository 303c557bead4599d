import { createHash } from 'node:crypto';
import { recordAttempt, type AttemptLimit } from '../attempt-window.ts';
import type { Queryable } from '../db/engine.ts';

/** Five attempts per address and email every 15 minutes. */
export const SIGN_IN_LIMIT: AttemptLimit = { attempts: 5, windowMs: 15 * 60 * 1000 };

/** The key of a sign-in attempt: a hash of the client address and the email, so neither is stored. */
export function signInKey(address: string, email: string): string {
	return createHash('sha256').update(`${address}|${email.trim().toLowerCase()}`).digest('hex');
}

/** Records a sign-in attempt; false when the key used up its attempts (see `recordAttempt`). */
export function recordSignInAttempt(
	db: Queryable,
	key: string,
	limit: AttemptLimit = SIGN_IN_LIMIT
): Promise<boolean> {
	return recordAttempt(db, 'sign_in_attempt', key, limit);
}

/** Forgets a key's attempts (after a successful sign-in). */
export async function clearSignInAttempts(db: Queryable, key: string): Promise<void> {
	await db.query('delete from public.sign_in_attempt where key = $1', [key]);
}
