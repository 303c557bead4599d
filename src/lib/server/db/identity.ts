import type { Database, Queryable, Statement, Transactional } from './engine.ts';

/** Who makes a request: a signed-in user's id, or nobody (an anonymous visitor). */
export type Identity = { userId: string } | null;

/**
 * Runs `work` in a transaction as the request's identity, the way Supabase's API does: the role
 * `authenticated` or `anon`, and the JWT claims in `request.jwt.claims`, which `auth.uid()` and the
 * row-level security policies read. Nothing of the identity is spliced into SQL text.
 */
export function asIdentity<T>(
	db: Transactional,
	identity: Identity,
	work: (tx: Queryable) => Promise<T>
): Promise<T> {
	return db.transaction(work, identitySetup(identity));
}

/**
 * The same for a transaction whose statements are all known in advance: they travel together,
 * so the database never waits on the server between them. The rows of each statement.
 */
export async function batchAsIdentity<T = Record<string, unknown>>(
	db: Database,
	identity: Identity,
	statements: Statement[]
): Promise<T[][]> {
	const setup = identitySetup(identity);
	return ((await db.batch([...setup, ...statements])) as T[][]).slice(setup.length);
}

function identitySetup(identity: Identity): Statement[] {
	return [
		{ text: identity ? 'set local role authenticated' : 'set local role anon' },
		{
			text: `select set_config('request.jwt.claims', $1, true)`,
			params: [
				JSON.stringify(
					identity ? { sub: identity.userId, role: 'authenticated' } : { role: 'anon' }
				)
			]
		}
	];
}
