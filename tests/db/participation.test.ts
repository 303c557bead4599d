import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { MIGRATIONS_DIR } from '../support/engines.ts';
import { discussionQueries } from '../../src/lib/server/discussions.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { notificationQueries } from '../../src/lib/server/notifications.ts';
import { observationQueries } from '../../src/lib/server/observations.ts';
import { proposalQueries } from '../../src/lib/server/proposal-queries.ts';
import { checkWriteLimit, WRITE_LIMITS } from '../../src/lib/server/write-limits.ts';
import { ENGINES, freshDatabase, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

const LUCCA_POINT = { type: 'Point' as const, coordinates: [10.505, 43.843] as [number, number] };

/** The refusal a promise ended with: "status key", or "ok". */
const outcome = (work: Promise<unknown>) =>
	work.then(
		() => 'ok',
		(error: { status?: number; key?: string; message?: string }) =>
			error.status ? `${error.status} ${error.key}` : `error ${error.message}`
	);

describe.each(ENGINES)('write limits kept in the database, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const writer = (userId: string, address = '192.0.2.10') => ({ userId, address });
	const attempts = async (n: number, who: ReturnType<typeof writer>) => {
		const results: string[] = [];
		for (let i = 0; i < n; i++) results.push(await outcome(checkWriteLimit(db, 'comment', who)));
		return results;
	};

	beforeAll(async () => {
		({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
		await migrate(db, await readMigrations(MIGRATIONS_DIR));
	});
	afterAll(async () => drop?.());

	it('allows an account its hourly comments, then refuses with 429 naming the account', async () => {
		const limit = WRITE_LIMITS.comment.account;
		const results = await attempts(limit + 2, writer('anna'));
		expect(results.slice(0, limit).every((r) => r === 'ok')).toBe(true);
		expect(results.slice(limit)).toEqual([
			'429 problem.tooManyWrites.account',
			'429 problem.tooManyWrites.account'
		]);
		// Another account has its own count; supports are counted apart from comments.
		expect(await attempts(1, writer('bruno'))).toEqual(['ok']);
		expect(await outcome(checkWriteLimit(db, 'support', writer('anna')))).toBe('ok');
	});

	it('refuses an address that many accounts write from, naming the address', async () => {
		const address = '198.51.100.7';
		const perAddress = WRITE_LIMITS.observation.address;
		const perAccount = WRITE_LIMITS.observation.account;
		let allowed = 0;
		let refused = '';
		// Fresh accounts, each under its own limit, all from one address.
		for (let account = 0; refused === '' && account < 100; account++)
			for (let i = 0; i < perAccount && refused === ''; i++) {
				const result = await outcome(
					checkWriteLimit(db, 'observation', writer(`office-${account}`, address))
				);
				if (result === 'ok') allowed++;
				else refused = result;
			}
		expect(allowed).toBe(perAddress);
		expect(refused).toBe('429 problem.tooManyWrites.address');
		// Another account from another address is fine.
		expect(
			await outcome(checkWriteLimit(db, 'observation', writer('elsewhere', '203.0.113.1')))
		).toBe('ok');
	});

	it('holds under concurrent requests: exactly the limit gets through', async () => {
		const limit = WRITE_LIMITS.comment.account;
		const results = await Promise.all(
			Array.from({ length: limit * 2 }, () =>
				outcome(checkWriteLimit(db, 'comment', writer('concurrent', '192.0.2.99')))
			)
		);
		expect(results.filter((r) => r === 'ok')).toHaveLength(limit);
	});

	it('stores neither accounts nor addresses, only hashes', async () => {
		const text = await db.query<{ text: string }>(
			`select string_agg(w::text, ' ') as text from public.write_attempt w`
		);
		expect(text[0].text).not.toMatch(/anna|192\.0\.2|office/);
	});
});

describe.each(ENGINES)(
	'one discussion for observations, proposals and interventions, on %s',
	(engine) => {
		let db: Database;
		let drop: () => Promise<void>;
		const people: Record<string, string> = {};
		const as = (who: string | null) => (who ? { userId: people[who] } : null);
		let interventionId: string;

		beforeAll(async () => {
			({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
			Object.assign(
				people,
				await addMembers(db, [
					['sara', 'Sara Stakeholder', 'stakeholder'],
					['paola', 'Paola Planner', 'planner'],
					['rita', 'Rita Revisori', 'reviewer']
				])
			);
			[{ id: interventionId }] = await db.query<{ id: string }>(
				'select id from public.intervention order by id limit 1'
			);
		});
		afterAll(async () => drop?.());

		it('supports and comments on an intervention; an unknown one is 404 and nothing is stored', async () => {
			const discussions = discussionQueries(db);
			expect(await discussions.support(as('sara'), 'intervention', interventionId)).toEqual({
				created: true,
				supports: 1
			});
			await discussions.addComment(as('sara'), 'intervention', interventionId, {
				body: 'Serve anche alla zona industriale.',
				parent_id: null
			});
			const seen = (await discussions.discussion(null, 'intervention', interventionId))!;
			expect(seen.supports).toBe(1);
			expect(seen.comments.map((c) => c.body)).toEqual(['Serve anche alla zona industriale.']);
			const before = await db.query('select * from public.support');
			expect(await outcome(discussions.support(as('sara'), 'intervention', 'non-esiste'))).toBe(
				'404 problem.itemNotFound'
			);
			expect(await discussions.discussion(null, 'intervention', 'non-esiste')).toBeNull();
			expect(await db.query('select * from public.support')).toEqual(before);
		});

		it('a comment on a proposal under review is for members, not for anonymous visitors', async () => {
			const proposals = proposalQueries(db);
			const { id } = await proposals.createProposal(as('paola'), {
				title: 'Fermata in più a Lucca',
				description: null,
				geometry: LUCCA_POINT,
				primary_ambito: 1,
				guidelines: [],
				estimated_cost_eur: null,
				cost_basis: null,
				funding_hypotheses: null,
				start_date: null,
				end_date: null,
				distance_km: 1
			});
			const discussions = discussionQueries(db);
			// A draft has no discussion yet, not even for its proponent.
			expect(
				await outcome(
					discussions.addComment(as('paola'), 'proposal', id, { body: 'Nota', parent_id: null })
				)
			).toBe('404 problem.itemNotFound');
			await proposals.transitionProposal(as('paola'), id, { to: 'submitted', version: 1 });
			await discussions.addComment(as('sara'), 'proposal', id, {
				body: 'Utile per i pendolari.',
				parent_id: null
			});
			expect((await discussions.discussion(as('rita'), 'proposal', id))!.comments).toHaveLength(1);
			expect(await discussions.discussion(null, 'proposal', id)).toBeNull();
			// Even reading the table directly, the comment stays out of an anonymous reader's reach.
			const leaked = await db.transaction(
				(tx) => tx.query(`select body from public.comment where item_id = $1`, [id]),
				[
					{ text: 'set local role anon' },
					{ text: `select set_config('request.jwt.claims', '{"role":"anon"}', true)` }
				]
			);
			expect(leaked).toEqual([]);
		});

		it('the author hears of supports, comments and the answer; marking read clears them', async () => {
			const observations = observationQueries(db);
			const { id } = await observations.createObservation(as('sara'), {
				title: 'Fibra assente in zona artigianale',
				body: 'Le imprese aspettano da anni.',
				category: 'broadband',
				geometry: LUCCA_POINT
			});
			const discussions = discussionQueries(db);
			await discussions.support(as('paola'), 'observation', id);
			await discussions.addComment(as('paola'), 'observation', id, {
				body: 'Confermo.',
				parent_id: null
			});
			// Only the cabina di regia answers.
			expect(await outcome(observations.answer(as('paola'), id, 'Risposta'))).toBe(
				'403 problem.notAllowed'
			);
			await observations.answer(as('rita'), id, 'Inserita nel piano BUL 2027.');
			expect((await observations.getObservation(null, id))!).toMatchObject({
				status: 'answered',
				answer: 'Inserita nel piano BUL 2027.'
			});
			const news = notificationQueries(db);
			const lines = await news.list(as('sara'));
			expect(lines.filter((l) => l.item_id === id).map((l) => [l.kind, l.actor_name])).toEqual([
				['status', 'Rita Revisori'],
				['comment', 'Paola Planner'],
				['support', 'Paola Planner']
			]);
			expect(lines.every((l) => l.item_title === 'Fibra assente in zona artigianale')).toBe(true);
			expect(await news.unread(as('sara'))).toBe(3);
			// Nobody reads another member's list.
			expect((await news.list(as('paola'))).filter((l) => l.item_id === id)).toEqual([]);
			await news.markAllRead(as('sara'));
			expect(await news.unread(as('sara'))).toBe(0);
		});
	}
);

describe.each(ENGINES)('proposal comments moving into the shared discussion, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		({ db, drop } = await freshDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('keeps every comment with its author and date; markup becomes harmless text', async () => {
		const all = await readMigrations(MIGRATIONS_DIR);
		const at = all.findIndex((m) => m.name.includes('participation'));
		await migrate(db, all.slice(0, at));
		const [anna] = Object.values(
			await addMembers(db, [['anna', 'Anna Proponente', 'planner']] as const)
		);
		const [{ id }] = await db.query<{ id: string }>(
			`insert into public.proposal (title, geom, proponent_id, status)
			 values ('Ciclabile', ST_GeomFromText('POINT(10.5 43.84)', 4326), $1, 'submitted')
			 returning id`,
			[anna]
		);
		await db.query(
			`insert into public.proposal_comment (proposal_id, author_id, body, created_at) values
				($1, $2, 'Primo commento', '2026-01-02T10:00:00Z'),
				($1, $2, 'Con <b>grassetto</b>', '2026-01-03T10:00:00Z')`,
			[id, anna]
		);
		await migrate(db, all);
		expect(
			await db.query(
				`select item_kind, item_id, author_id, body, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day
				 from public.comment order by id`
			)
		).toEqual([
			{
				item_kind: 'proposal',
				item_id: id,
				author_id: anna,
				body: 'Primo commento',
				day: '2026-01-02'
			},
			{
				item_kind: 'proposal',
				item_id: id,
				author_id: anna,
				body: 'Con ‹b>grassetto‹/b>',
				day: '2026-01-03'
			}
		]);
		expect(
			await db.query(
				`select 1 from information_schema.tables where table_name = 'proposal_comment'`
			)
		).toEqual([]);
	});
});
