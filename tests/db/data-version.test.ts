import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { proposalInputSchema } from '../../src/lib/proposals.ts';
import { administration } from '../../src/lib/server/administration.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { discussionQueries } from '../../src/lib/server/discussions.ts';
import { proposalQueries } from '../../src/lib/server/proposal-queries.ts';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

const draft = proposalInputSchema.parse({
	title: 'Ciclabile Lucca–Capannori',
	geometry: LINE_LUCCA_CAPANNORI
});
const names = { name_it: 'Infrastrutture e mobilità', name_en: 'Infrastructure and mobility' };

describe.each(ENGINES)('the public data version, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let people: Record<string, string>;
	const as = (who: string) => ({ userId: people[who] });
	/** The version as stored, read directly (not through the engine's own tracking). */
	const stored = async () =>
		(await db.query<{ version: string }>('select version::text as version from data_version'))[0]
			.version;

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		people = await addMembers(db, [
			['ada', 'Ada Admin', 'admin'],
			['rita', 'Rita Revisori', 'reviewer'],
			['paola', 'Paola Pianificatrice', 'planner']
		]);
	});
	afterAll(async () => drop?.());

	it('is what the engine reports, right after a write', async () => {
		await administration(db).rename(as('ada'), 'ambito', 1, names);
		expect(await db.dataVersion()).toBe(await stored());
		expect(await db.dataVersion()).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('changes when an admin renames an ambito', async () => {
		const before = await db.dataVersion();
		await administration(db).rename(as('ada'), 'ambito', 1, {
			...names,
			name_en: 'Infrastructure'
		});
		expect(await db.dataVersion()).not.toBe(before);
	});

	it('stays the same for proposal drafts and submissions, which no public answer shows', async () => {
		const before = await db.dataVersion();
		const proposals = proposalQueries(db);
		const { id } = await proposals.createProposal(as('paola'), draft);
		await proposals.transitionProposal(as('paola'), id, { to: 'submitted', version: 1 });
		expect(await db.dataVersion()).toBe(before);
	});

	it('changes with a comment, which the public pages of interventions and observations show', async () => {
		const proposals = proposalQueries(db);
		const { id } = await proposals.createProposal(as('paola'), draft);
		await proposals.transitionProposal(as('paola'), id, { to: 'submitted', version: 1 });
		const before = await db.dataVersion();
		await discussionQueries(db).addComment(as('rita'), 'proposal', id, {
			body: 'Da valutare con RFI.',
			parent_id: null
		});
		expect(await db.dataVersion()).not.toBe(before);
		expect(await db.dataVersion()).toBe(await stored());
	});

	it('changes when a reviewer adopts a proposal, as the intervention appears', async () => {
		const proposals = proposalQueries(db);
		const { id } = await proposals.createProposal(as('paola'), draft);
		await proposals.transitionProposal(as('paola'), id, { to: 'submitted', version: 1 });
		await proposals.transitionProposal(as('rita'), id, { to: 'under_review', version: 2 });
		const before = await db.dataVersion();
		await proposals.transitionProposal(as('rita'), id, { to: 'adopted', version: 3 });
		expect(await db.dataVersion()).not.toBe(before);
		expect(await db.dataVersion()).toBe(await stored());
	});

	it('stays the same when a write is refused', async () => {
		const before = await db.dataVersion();
		await expect(
			administration(db).rename(as('paola'), 'ambito', 1, { ...names, name_it: 'X' })
		).rejects.toMatchObject({ status: 403 });
		await expect(
			db.transaction(async (tx) => {
				await tx.query(`update ambito set name_it = 'Provvisorio' where code = 2`);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		expect(await db.dataVersion()).toBe(before);
		expect(await stored()).toBe(before);
	});

	it('takes one new value per transaction, however many statements write', async () => {
		const seen = await db.transaction(async (tx) => {
			const read = async () =>
				(await tx.query<{ v: string }>('select version::text as v from data_version'))[0].v;
			await tx.query(`update ambito set name_it = name_it where code = 1`);
			const first = await read();
			await tx.query(`update guideline set name_it = name_it where code = 1`);
			await tx.query(`update ambito set name_en = name_en where code = 2`);
			return [first, await read()];
		});
		expect(seen[0]).toBe(seen[1]);
		expect(await db.dataVersion()).toBe(seen[1]);
	});

	it('cannot be written by the API roles (row-level security and grants)', async () => {
		const before = await stored();
		for (const identity of [null, as('ada')])
			await expect(
				asIdentity(db, identity, (tx) =>
					tx.query('update public.data_version set version = gen_random_uuid()')
				)
			).rejects.toThrow(/permission denied/);
		expect(await stored()).toBe(before);
		// …and is public to read, as the health endpoint and other processes read it.
		const [row] = await asIdentity(db, null, (tx) =>
			tx.query<{ version: string }>('select version::text as version from public.data_version')
		);
		expect(row.version).toBe(before);
	});
});

describe('the public data version seen by another atlas process on PostgreSQL', () => {
	let first: Database;
	let second: Database | undefined;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		({ db: first, drop } = await loadedDatabase('postgres', inject('postgresUrl')));
		const [{ name }] = await first.query<{ name: string }>('select current_database() as name');
		const url = new URL(inject('postgresUrl'));
		url.pathname = `/${name}`;
		second = await openPostgres(url.href);
	});
	afterAll(async () => {
		await second?.close();
		await drop?.();
	});

	it('learns of a write the other process committed as it commits, without asking per request', async () => {
		const before = await second!.dataVersion();
		await first.query(`update ambito set name_it = name_it where code = 3`);
		// The writer's own next read sees it at once.
		const written = await first.dataVersion();
		expect(written).not.toBe(before);
		// The other process is told (NOTIFY at commit); it is not asked, so wait for the message.
		const deadline = Date.now() + 5_000;
		while ((await second!.dataVersion()) !== written && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 10));
		expect(await second!.dataVersion()).toBe(written);
	});
});

describe('the embedded engine runs on its own thread', () => {
	let db: Database;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		({ db, drop } = await loadedDatabase('pglite', inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('leaves the server free to run other work while a long query runs', async () => {
		let ticks = 0;
		const timer = setInterval(() => ticks++, 5);
		const started = performance.now();
		// A deliberately heavy query: long enough for many timer ticks if the loop is free.
		await db.query('select count(*) from generate_series(1, 4000000)');
		const tookMs = performance.now() - started;
		clearInterval(timer);
		expect(tookMs).toBeGreaterThan(100);
		// On the server's own thread PGlite would have let no tick through until it finished.
		expect(ticks).toBeGreaterThan(tookMs / 5 / 4);
	});
});
