import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database, Queryable } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

const LINE = 'SRID=4326;LINESTRING(10.50 43.84, 10.55 43.84, 10.60 43.83)';

describe.each(ENGINES)('proposals and roles, enforced by row-level security, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const people: Record<string, string> = {};

	/** Runs one statement as a person (or anonymously); returns its rows, or the error message. */
	const as = (who: string | null, sql: string, params: unknown[] = []) =>
		asIdentity(db, who ? { userId: people[who] } : null, (tx: Queryable) =>
			tx.query<Record<string, unknown>>(sql, params)
		).then(
			(rows) => rows,
			(error: Error) => error.message
		);
	const count = async (table: string) =>
		(await db.query<{ n: number }>(`select count(*)::int4 as n from public.${table}`))[0].n;
	const proposal = async (id: string) =>
		(
			await db.query<{ status: string; version: number; title: string }>(
				'select status, version, title from public.proposal where id = $1',
				[id]
			)
		)[0];
	/** A new draft by `who`, as they would create it. */
	const draft = async (who: string, title = 'Pista ciclabile') => {
		const rows = await as(who, `insert into proposal (title, geom) values ($1, $2) returning id`, [
			title,
			LINE
		]);
		if (typeof rows === 'string') throw new Error(rows);
		return String(rows[0].id);
	};

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		Object.assign(
			people,
			await addMembers(db, [
				['anna', 'anna', 'planner'],
				['bruno', 'bruno', 'planner'],
				['sara', 'sara', 'stakeholder'],
				['rita', 'rita', 'reviewer'],
				['ada', 'ada', 'admin']
			])
		);
	});
	afterAll(async () => drop?.());

	it('anon cannot insert or update anything, and reads no drafts', async () => {
		const id = await draft('anna');
		const before = await count('proposal');
		expect(
			await as(null, `insert into proposal (title, geom, proponent_id) values ('x', $1, $2)`, [
				LINE,
				people.anna
			])
		).toMatch(/permission denied|row-level security/);
		expect(
			await as(null, `update proposal set title = 'x' where id = $1 returning id`, [id])
		).toMatch(/permission denied|^$/);
		expect(await as(null, `select id from proposal where id = $1`, [id])).toEqual([]);
		expect(
			await as(
				null,
				`insert into intervention (id, code, title_it, sources) values ('x', 'X', 'x', '[{"title":"t"}]')`
			)
		).toMatch(/permission denied|row-level security/);
		expect(await count('proposal')).toBe(before);
	});

	it('nobody reads another user’s draft, reviewers included', async () => {
		const id = await draft('anna');
		for (const who of ['bruno', 'sara', 'rita'])
			expect(await as(who, 'select id from proposal where id = $1', [id]), who).toEqual([]);
		expect(await as('anna', 'select id from proposal where id = $1', [id])).toHaveLength(1);
	});

	it('a planner cannot update another planner’s proposal', async () => {
		const id = await draft('anna');
		const result = await as(
			'bruno',
			`update proposal set title = 'Mia' where id = $1 returning id`,
			[id]
		);
		expect(result).toEqual([]);
		expect((await proposal(id)).title).toBe('Pista ciclabile');
	});

	it('a planner submits their own draft but cannot move it any further', async () => {
		const id = await draft('anna');
		expect(
			await as(
				'anna',
				`update proposal set status = 'submitted', version = 1 where id = $1 returning status`,
				[id]
			)
		).toEqual([{ status: 'submitted' }]);
		// Submitted: no longer the proponent's to edit or move.
		expect(
			await as(
				'anna',
				`update proposal set status = 'under_review', version = 2 where id = $1 returning id`,
				[id]
			)
		).toEqual([]);
		expect((await proposal(id)).status).toBe('submitted');
	});

	it('a planner cannot adopt their own draft, whatever they send', async () => {
		const id = await draft('anna');
		expect(
			await as('anna', `update proposal set status = 'adopted', version = 1 where id = $1`, [id])
		).toMatch(/not allowed|row-level security/);
		expect((await proposal(id)).status).toBe('draft');
	});

	it('a reviewer takes a submitted proposal under review and adopts it; every step is recorded with who', async () => {
		const id = await draft('anna');
		await as('anna', `update proposal set status = 'submitted', version = 1 where id = $1`, [id]);
		expect(
			await as(
				'rita',
				`update proposal set status = 'under_review', version = 2 where id = $1 returning status`,
				[id]
			)
		).toEqual([{ status: 'under_review' }]);
		expect(
			await as(
				'rita',
				`update proposal set status = 'adopted', version = 3 where id = $1 returning status`,
				[id]
			)
		).toEqual([{ status: 'adopted' }]);
		const steps = await db.query<{ to_status: string; changed_by: string }>(
			'select to_status, changed_by from proposal_transition where proposal_id = $1 order by id',
			[id]
		);
		expect(steps).toEqual([
			{ to_status: 'draft', changed_by: people.anna },
			{ to_status: 'submitted', changed_by: people.anna },
			{ to_status: 'under_review', changed_by: people.rita },
			{ to_status: 'adopted', changed_by: people.rita }
		]);
		// Adopted proposals are public.
		expect(await as(null, 'select id from proposal where id = $1', [id])).toHaveLength(1);
	});

	it('a rejection needs its reason', async () => {
		const id = await draft('anna');
		await as('anna', `update proposal set status = 'submitted', version = 1 where id = $1`, [id]);
		await as('rita', `update proposal set status = 'under_review', version = 2 where id = $1`, [
			id
		]);
		expect(
			await as('rita', `update proposal set status = 'rejected', version = 3 where id = $1`, [id])
		).toMatch(/check constraint/);
		expect(
			await as(
				'rita',
				`update proposal set status = 'rejected', rejection_reason = 'Tracciato in area vincolata', version = 3 where id = $1 returning status`,
				[id]
			)
		).toEqual([{ status: 'rejected' }]);
	});

	it('a stakeholder can comment on a submitted proposal but not edit it', async () => {
		const id = await draft('anna');
		await as('anna', `update proposal set status = 'submitted', version = 1 where id = $1`, [id]);
		expect(
			await as(
				'sara',
				`insert into comment (item_kind, item_id, body) values ('proposal', $1, 'Utile per Marlia') returning body`,
				[id]
			)
		).toEqual([{ body: 'Utile per Marlia' }]);
		expect(
			await as('sara', `update proposal set title = 'x', version = 2 where id = $1 returning id`, [
				id
			])
		).toEqual([]);
		// Nobody comments on a draft they cannot see, nor as somebody else.
		const hidden = await draft('bruno');
		expect(
			await as(
				'sara',
				`insert into comment (item_kind, item_id, body) values ('proposal', $1, 'x')`,
				[hidden]
			)
		).toMatch(/row-level security/);
		expect(
			await as(
				'sara',
				`insert into comment (item_kind, item_id, body, author_id) values ('proposal', $1, 'x', $2)`,
				[id, people.rita]
			)
		).toMatch(/row-level security/);
	});

	it('the second of two saves from the same version is refused', async () => {
		const id = await draft('anna');
		expect(
			await as(
				'anna',
				`update proposal set title = 'Prima', version = 1 where id = $1 returning version`,
				[id]
			)
		).toEqual([{ version: 2 }]);
		expect(
			await as('anna', `update proposal set title = 'Seconda', version = 1 where id = $1`, [id])
		).toMatch(/changed by someone else/);
		expect(await proposal(id)).toMatchObject({ title: 'Prima', version: 2 });
	});

	it('nobody but the database writes the transitions', async () => {
		const before = await count('proposal_transition');
		for (const who of ['anna', 'rita'])
			expect(
				await as(
					who,
					`insert into proposal_transition (proposal_id, to_status) select id, 'adopted' from proposal limit 1`
				)
			).toMatch(/permission denied|row-level security/);
		expect(await count('proposal_transition')).toBe(before);
	});

	it('only admins manage members', async () => {
		expect(
			await as('rita', `update member set role = 'admin' where user_id = $1 returning role`, [
				people.rita
			])
		).toEqual([]);
		expect(await as('anna', 'select user_id from member')).toEqual([{ user_id: people.anna }]);
		expect(
			(
				await db.query<{ role: string }>('select role from member where user_id = $1', [
					people.rita
				])
			)[0].role
		).toBe('reviewer');
	});

	it('only admins rename the ambiti and guidelines, and nobody changes their codes', async () => {
		const rename = (who: string | null) =>
			as(who, `update ambito set name_en = 'Infrastructure' where code = 1 returning code`);
		expect(await rename(null)).toMatch(/permission denied/);
		expect(await rename('rita')).toEqual([]);
		expect(await rename('ada')).toEqual([{ code: 1 }]);
		expect(await as('ada', 'update guideline set code = 9 where code = 1')).toMatch(
			/permission denied/
		);
		const [ambito] = await db.query<{ name_en: string }>(
			'select name_en from ambito where code = 1'
		);
		expect(ambito.name_en).toBe('Infrastructure');
		await db.query(
			`update ambito set name_en = 'Physical and digital infrastructure' where code = 1`
		);
	});
});
