import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database, Queryable } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

// A line along the Serchio near Lucca, and a point at sea well outside the province.
const LINE = 'SRID=4326;LINESTRING(10.48 43.85, 10.50 43.85, 10.52 43.84)';
const AT_SEA = 'SRID=4326;POINT(9.80 43.60)';

describe.each(ENGINES)('observations, supports, comments and moderation, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const people: Record<string, string> = {};

	/** Runs one statement as a person (or anonymously): its rows, or the error message. */
	const as = (who: string | null, sql: string, params: unknown[] = []) =>
		asIdentity(db, who ? { userId: people[who] } : null, (tx: Queryable) =>
			tx.query<Record<string, unknown>>(sql, params)
		).then(
			(rows) => rows,
			(error: Error) => `error: ${error.message}`
		);
	const count = async (sql: string, params: unknown[] = []) =>
		(await db.query<{ n: number }>(`select count(*)::int4 as n from ${sql}`, params))[0].n;
	/** An observation posted by `who`, as the server would post it. */
	const post = async (who: string, title = 'Il sottopasso si allaga') => {
		const rows = await as(
			who,
			`insert into observation (title, body, category, geom) values ($1, $2, 'infrastructure', $3)
			 returning id`,
			[title, 'Con la pioggia il sottopasso resta chiuso per ore.', LINE]
		);
		if (typeof rows === 'string') throw new Error(rows);
		return String(rows[0].id);
	};

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		Object.assign(
			people,
			await addMembers(db, [
				['sara', 'Sara Stakeholder', 'stakeholder'],
				['teo', 'Teo Stakeholder', 'stakeholder'],
				['mara', 'Mara Moderatrice', 'moderator'],
				['rita', 'Rita Revisori', 'reviewer']
			])
		);
	});
	afterAll(async () => drop?.());

	it('a stakeholder posts; anonymous visitors read it but cannot write', async () => {
		const id = await post('sara');
		expect(await as(null, 'select title from observation where id = $1', [id])).toEqual([
			{ title: 'Il sottopasso si allaga' }
		]);
		const before = await count('observation');
		expect(
			await as(
				null,
				`insert into observation (title, body, category, geom) values ('x', 'y', 'other', $1)`,
				[LINE]
			)
		).toMatch(/^error: /);
		expect(await count('observation')).toBe(before);
		// Reviewers and moderators hear of it in their "novità".
		expect(await count(`notification where item_id = $1 and kind = 'new_observation'`, [id])).toBe(
			2
		);
	});

	it.each([
		['markup in the text', { body: 'Vedi <script>alert(1)</script>' }],
		['a text of 50,000 characters', { body: 'a'.repeat(50_000) }],
		['an unknown category', { category: 'weather' }],
		['a place outside the province', { geom: AT_SEA }],
		['a multi-geometry', { geom: 'SRID=4326;MULTIPOINT((10.5 43.85), (10.51 43.85))' }]
	])('refuses %s, leaving nothing behind', async (_, change) => {
		const before = await count('observation');
		const values = { title: 'Titolo', body: 'Testo', category: 'other', geom: LINE, ...change };
		const result = await as(
			'sara',
			`insert into observation (title, body, category, geom) values ($1, $2, $3, $4)`,
			[values.title, values.body, values.category, values.geom]
		);
		expect(result).toMatch(/^error: /);
		expect(await count('observation')).toBe(before);
	});

	it('the author edits for 30 minutes, then not; nobody else edits it', async () => {
		const id = await post('sara');
		expect(
			await as(
				'sara',
				`update observation set title = 'Il sottopasso di via X' where id = $1 returning version`,
				[id]
			)
		).toEqual([{ version: 2 }]);
		expect(
			await as('teo', `update observation set title = 'Altro' where id = $1 returning id`, [id])
		).toEqual([]);
		await db.query(
			`update observation set created_at = now() - interval '31 minutes' where id = $1`,
			[id]
		);
		expect(
			await as('sara', `update observation set title = 'Troppo tardi' where id = $1 returning id`, [
				id
			])
		).toEqual([]);
		expect(await as(null, 'select title from observation where id = $1', [id])).toEqual([
			{ title: 'Il sottopasso di via X' }
		]);
	});

	it('an author cannot answer, link or hide their own observation', async () => {
		const id = await post('sara');
		for (const change of [`status = 'answered', answer = 'Fatto'`, 'hidden = true'])
			expect(await as('sara', `update observation set ${change} where id = $1`, [id])).toMatch(
				/^error: /
			);
		expect(
			(
				await db.query<{ status: string; hidden: boolean }>(
					'select status, hidden from observation where id = $1',
					[id]
				)
			)[0]
		).toEqual({ status: 'open', hidden: false });
	});

	it('one support per account per item, held by the constraint under concurrent requests', async () => {
		const id = await post('sara');
		const attempts = await Promise.all(
			Array.from({ length: 8 }, () =>
				as('teo', `insert into support (item_kind, item_id) values ('observation', $1)`, [id])
			)
		);
		expect(attempts.filter((a) => typeof a !== 'string')).toHaveLength(1);
		expect(attempts.filter((a) => typeof a === 'string')).toHaveLength(7);
		expect(await count(`support where item_kind = 'observation' and item_id = $1`, [id])).toBe(1);
		// Withdrawn by its member only; then it can be given again.
		expect(
			await as('sara', `delete from support where item_id = $1 returning member_id`, [id])
		).toEqual([]);
		expect(
			await as('teo', `delete from support where item_id = $1 returning item_id`, [id])
		).toEqual([{ item_id: id }]);
		expect(await count(`support where item_id = $1`, [id])).toBe(0);
		// Supporting something that does not exist, or a draft proposal, is refused.
		expect(
			await as('teo', `insert into support (item_kind, item_id) values ('intervention', 'nessuno')`)
		).toMatch(/^error: /);
	});

	it('comments thread one level; a reply to a reply is refused', async () => {
		const id = await post('sara');
		const [top] = (await as(
			'teo',
			`insert into comment (item_kind, item_id, body) values ('observation', $1, 'Confermo') returning id`,
			[id]
		)) as { id: number }[];
		const [reply] = (await as(
			'sara',
			`insert into comment (item_kind, item_id, parent_id, body) values ('observation', $1, $2, 'Grazie') returning id`,
			[id, top.id]
		)) as { id: number }[];
		expect(reply.id).toBeGreaterThan(Number(top.id));
		expect(
			await as(
				'teo',
				`insert into comment (item_kind, item_id, parent_id, body) values ('observation', $1, $2, 'No')`,
				[id, reply.id]
			)
		).toMatch(/^error: .*reply answers a top-level comment/);
		// Nobody edits a comment, its author included (no policy lets them: nothing changes).
		expect(
			await as('teo', `update comment set body = 'Cambiato' where id = $1 returning id`, [top.id])
		).toEqual([]);
		expect(
			(await db.query<{ body: string }>('select body from comment where id = $1', [top.id]))[0].body
		).toBe('Confermo');
		// The observation's author hears of the comment.
		expect(
			await count(`notification where member_id = $1 and kind = 'comment' and item_id = $2`, [
				people.sara,
				id
			])
		).toBe(1);
	});

	it('a moderator hides with a reason: gone from public reads, seen by the author with why, kept in the log', async () => {
		const id = await post('sara', 'Osservazione da nascondere');
		const [comment] = (await as(
			'teo',
			`insert into comment (item_kind, item_id, body) values ('observation', $1, 'Un commento offensivo') returning id`,
			[id]
		)) as { id: number }[];
		// Neither the author of the comment nor a stakeholder can moderate.
		expect(
			await as('teo', `select moderate_item('comment', $1, 'hide', 'offensive', null)`, [
				String(comment.id)
			])
		).toMatch(/^error: .*only moderators/);
		await as(
			'mara',
			`select moderate_item('comment', $1, 'hide', 'offensive', 'Insulti personali')`,
			[String(comment.id)]
		);
		expect(await as(null, 'select id from comment where id = $1', [comment.id])).toEqual([]);
		expect(await as('sara', 'select id from comment where id = $1', [comment.id])).toEqual([]);
		expect(await as('teo', 'select hidden from comment where id = $1', [comment.id])).toEqual([
			{ hidden: true }
		]);
		expect(
			await as(
				'teo',
				`select reason, note, public.member_name(moderator_id) as who from moderation_event where item_id = $1`,
				[String(comment.id)]
			)
		).toEqual([{ reason: 'offensive', note: 'Insulti personali', who: 'Mara Moderatrice' }]);
		// A hide needs a reason from the list.
		expect(
			await as('mara', `select moderate_item('observation', $1, 'hide', 'boring', null)`, [id])
		).toMatch(/^error: /);
		await as('rita', `select moderate_item('observation', $1, 'hide', 'off_topic', null)`, [id]);
		expect(await as(null, 'select id from observation where id = $1', [id])).toEqual([]);
		expect(await as('mara', 'select hidden from observation where id = $1', [id])).toEqual([
			{ hidden: true }
		]);
		expect(await as('sara', 'select hidden from observation where id = $1', [id])).toEqual([
			{ hidden: true }
		]);
		expect(
			await count(`notification where member_id = $1 and kind = 'moderation'`, [people.sara])
		).toBe(1);
		expect(await as(null, 'select id from moderation_event')).toMatch(/^error: /);
	});

	it('only the cabina di regia takes an observation into a proposal, linked both ways', async () => {
		const id = await post('sara');
		const [proposal] = (await as(
			'rita',
			`insert into proposal (title, geom, observation_id) values ('Dall’osservazione', $1, $2) returning id`,
			[LINE, id]
		)) as { id: string }[];
		expect(
			await as(
				'mara',
				`update observation set status = 'in_proposal', proposal_id = $2 where id = $1`,
				[id, proposal.id]
			)
		).toMatch(/^error: /);
		expect(
			await as(
				'rita',
				`update observation set status = 'in_proposal', proposal_id = $2 where id = $1 returning status`,
				[id, proposal.id]
			)
		).toEqual([{ status: 'in_proposal' }]);
		expect(
			(
				await db.query<{ observation_id: string }>(
					'select observation_id from proposal where id = $1',
					[proposal.id]
				)
			)[0].observation_id
		).toBe(id);
	});
});
