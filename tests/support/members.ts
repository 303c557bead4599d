import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/lib/server/auth/accounts.ts';
import type { Queryable } from '../../src/lib/server/db/engine.ts';

/** Members of the plan for a database test, by nickname: [nickname, display name, role]. */
export async function addMembers(
	db: Queryable,
	members: readonly (readonly [string, string, Role])[]
): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	for (const [nickname, name, role] of members) {
		ids[nickname] = randomUUID();
		await db.query(
			'insert into member (user_id, email, display_name, role) values ($1, $2, $3, $4)',
			[ids[nickname], `${nickname}@example.org`, name, role]
		);
	}
	return ids;
}
