import { createHash } from 'node:crypto';
import { recordAttempt, type AttemptLimit } from './attempt-window.ts';
import type { Queryable } from './db/engine.ts';
import { RefusalError } from './refusal.ts';

export type WriteAction = 'observation' | 'comment' | 'support';

/** Who is writing: the signed-in account and the client address it writes from. */
export interface Writer {
	userId: string;
	address: string;
}

const HOUR = 60 * 60 * 1000;

/**
 * Per hour, per account and per client address (an address may be a whole office behind one
 * router, hence three times the account's). Generous for a person, tight for a script.
 */
export const WRITE_LIMITS: Record<WriteAction, { account: number; address: number }> = {
	observation: { account: 10, address: 30 },
	comment: { account: 30, address: 90 },
	support: { account: 120, address: 360 }
};

const keyOf = (action: WriteAction, scope: 'account' | 'address', subject: string) =>
	createHash('sha256').update(`${action}|${scope}|${subject}`).digest('hex');

/**
 * Counts a write against the account's and the address's limits, in the database so that they
 * hold across every atlas process; a write over either limit is refused with 429 before anything
 * is written.
 */
export async function checkWriteLimit(
	db: Queryable,
	action: WriteAction,
	writer: Writer,
	factor = 1
): Promise<void> {
	const limitOf = (attempts: number): AttemptLimit => ({
		attempts: Math.max(1, Math.round(attempts * factor)),
		windowMs: HOUR
	});
	const limits = WRITE_LIMITS[action];
	const account = await recordAttempt(
		db,
		'write_attempt',
		keyOf(action, 'account', writer.userId),
		limitOf(limits.account)
	);
	const address =
		account &&
		(await recordAttempt(
			db,
			'write_attempt',
			keyOf(action, 'address', writer.address),
			limitOf(limits.address)
		));
	if (!account || !address)
		throw new RefusalError(
			429,
			account ? 'problem.tooManyWrites.address' : 'problem.tooManyWrites.account',
			{ what: `problem.write.${action}` }
		);
}
