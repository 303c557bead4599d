import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { administration } from '../../src/lib/server/administration.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

describe.each(ENGINES)('administration, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let people: Record<string, string>;

	const as = (who: string | null) => (who ? { userId: people[who] } : null);
	/** What a call answers: 'done', or the refusal's status and message key. */
	const outcome = (work: Promise<unknown>) =>
		work.then(
			() => 'done',
			(error: { status?: number; key?: string }) => `${error.status} ${error.key}`
		);
	const roleOf = async (who: string) =>
		(
			await db.query<{ role: string }>('select role from member where user_id = $1', [people[who]])
		)[0].role;
	const guideline = async (code: number) =>
		(
			await db.query<{ name_it: string; name_en: string }>(
				'select name_it, name_en from guideline where code = $1',
				[code]
			)
		)[0];

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		people = await addMembers(db, [
			['ada', 'Ada Admin', 'admin'],
			['rita', 'Rita Revisori', 'reviewer'],
			['pia', 'Pia Portatrice', 'stakeholder']
		]);
	});
	afterAll(async () => drop?.());

	it('an admin lists every member and changes a role', async () => {
		const members = await administration(db).listMembers(as('ada'));
		expect(members.map((m) => m.display_name)).toEqual([
			'Ada Admin',
			'Pia Portatrice',
			'Rita Revisori'
		]);
		expect(await outcome(administration(db).setRole(as('ada'), people.pia, 'planner'))).toBe(
			'done'
		);
		expect(await roleOf('pia')).toBe('planner');
	});

	it('nobody else lists members or changes roles, and nothing changes', async () => {
		for (const who of ['rita', 'pia'])
			expect(await outcome(administration(db).setRole(as(who), people[who], 'admin'))).toBe(
				'403 problem.notAllowed'
			);
		expect(await outcome(administration(db).listMembers(as('rita')))).toBe(
			'403 problem.notAllowed'
		);
		expect(await outcome(administration(db).setRole(null, people.rita, 'admin'))).toBe(
			'401 problem.signInNeeded'
		);
		expect(await roleOf('rita')).toBe('reviewer');
	});

	it('the last admin cannot stop being one; with a second admin, they can', async () => {
		expect(await outcome(administration(db).setRole(as('ada'), people.ada, 'reviewer'))).toBe(
			'400 problem.lastAdmin'
		);
		expect(await roleOf('ada')).toBe('admin');
		await administration(db).setRole(as('ada'), people.rita, 'admin');
		expect(await outcome(administration(db).setRole(as('ada'), people.ada, 'reviewer'))).toBe(
			'done'
		);
		expect(await roleOf('ada')).toBe('reviewer');
		// Back as they were, for the tests that follow.
		await administration(db).setRole(as('rita'), people.ada, 'admin');
		await administration(db).setRole(as('ada'), people.rita, 'reviewer');
	});

	it('an admin renames a guideline; anyone else is refused and the name stays', async () => {
		const before = await guideline(2);
		const names = {
			name_it: 'Sostenibilità: logistica, abitare, produzione',
			name_en: 'Sustainability'
		};
		expect(await outcome(administration(db).rename(as('rita'), 'guideline', 2, names))).toBe(
			'403 problem.notAllowed'
		);
		expect(await guideline(2)).toEqual(before);
		expect(await outcome(administration(db).rename(as('ada'), 'guideline', 2, names))).toBe('done');
		expect(await guideline(2)).toEqual(names);
		expect(await outcome(administration(db).rename(as('ada'), 'ambito', 9, names))).toBe(
			'404 problem.referenceNotFound'
		);
		await administration(db).rename(as('ada'), 'guideline', 2, before);
	});
});
