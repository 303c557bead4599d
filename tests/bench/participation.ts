// Listening to the territory on both engines: the observations' reads and writes, timed in
// process on embedded PGlite and on PostgreSQL loaded with the same data and the same SYNTHETIC
// observations, supports and comments (benchmark data only, in a throw-away database, never shown
// as real). The figure that matters is the ratio PostgreSQL / embedded in the same run.
import type { Database } from '../../src/lib/server/db/engine.ts';
import { discussionQueries } from '../../src/lib/server/discussions.ts';
import { observationLayer, observationQueries } from '../../src/lib/server/observations.ts';
import { checkWriteLimit } from '../../src/lib/server/write-limits.ts';
import { ENGINES, loadedDatabase, type Engine } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

/** How much synthetic participation the database holds while it is timed. */
export const SYNTHETIC = { members: 200, observations: 2000, supports: 20_000, comments: 6000 };

const CATEGORIES = ['infrastructure', 'broadband', 'environment', 'business', 'tourism', 'other'];

async function seed(db: Database) {
	await db.query(
		`insert into public.member (user_id, email, display_name, role)
		 select gen_random_uuid(), 'bench-' || g || '@example.org', 'Partecipante sintetico ' || g,
			'stakeholder'
		 from generate_series(1, $1) g`,
		[SYNTHETIC.members]
	);
	// Each synthetic observation at a point inside one of the 33 municipalities, spread a little.
	await db.query(
		`with m as (select istat, name, ST_PointOnSurface(geom) as p,
				row_number() over (order by istat) - 1 as k from public.municipality),
			a as (select user_id, row_number() over (order by user_id) - 1 as k from public.member
				where email like 'bench-%')
		 insert into public.observation (title, body, category, geom, author_id, impact, created_at)
		 select 'Osservazione sintetica ' || g, 'Testo sintetico del benchmark ' || g,
			($2::text[])[1 + g % 6], m.p,
			a.user_id, jsonb_build_object('municipalities',
				jsonb_build_array(jsonb_build_object('istat', m.istat, 'name', m.name))),
			now() - make_interval(hours => g)
		 from generate_series(1, $1) g
		 join m on m.k = g % 33
		 join a on a.k = g % $3`,
		[SYNTHETIC.observations, CATEGORIES, SYNTHETIC.members]
	);
	// Every pair (observation, participant) at most once: observation g mod N, participant g div N.
	await db.query(
		`with o as (select id, row_number() over (order by id) - 1 as k from public.observation),
			a as (select user_id, row_number() over (order by user_id) - 1 as k from public.member
				where email like 'bench-%')
		 insert into public.support (item_kind, item_id, member_id)
		 select 'observation', o.id::text, a.user_id
		 from generate_series(0, $1 - 1) g
		 join o on o.k = g % $2
		 join a on a.k = (g / $2) % $3
		 on conflict do nothing`,
		[SYNTHETIC.supports, SYNTHETIC.observations, SYNTHETIC.members]
	);
	await db.query(
		`with o as (select id, row_number() over (order by id) - 1 as k from public.observation),
			a as (select user_id, row_number() over (order by user_id) - 1 as k from public.member
				where email like 'bench-%')
		 insert into public.comment (item_kind, item_id, author_id, body)
		 select 'observation', o.id::text, a.user_id, 'Commento sintetico ' || g
		 from generate_series(1, $1) g
		 join o on o.k = (g * 13) % $2
		 join a on a.k = g % $3`,
		[SYNTHETIC.comments, SYNTHETIC.observations, SYNTHETIC.members]
	);
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeOf(work: () => Promise<unknown>, runs: number) {
	for (let i = 0; i < 3; i++) await work(); // warm-up: plans cached, pages in memory
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await work();
		times.push(performance.now() - started);
	}
	return median(times);
}

export async function participation(postgresUrl: string, runs = 30) {
	const figures = new Map<string, Record<Engine, number>>();
	const record = (name: string, engine: Engine, value: number) =>
		figures.set(name, { ...figures.get(name)!, [engine]: value });
	for (const engine of ENGINES) {
		const { db, drop } = await loadedDatabase(engine, postgresUrl);
		try {
			await seed(db);
			const [counts] = await db.query<{ supports: number; comments: number }>(
				`select (select count(*)::int4 from public.support) as supports,
					(select count(*)::int4 from public.comment) as comments`
			);
			if (counts.supports !== SYNTHETIC.supports || counts.comments !== SYNTHETIC.comments)
				throw new Error(
					`synthetic seed: ${JSON.stringify(counts)}, expected ${JSON.stringify(SYNTHETIC)}`
				);
			const people = await addMembers(db, [
				['sara', 'Sara (bench)', 'stakeholder'],
				['paola', 'Paola (bench)', 'planner']
			]);
			const sara = { userId: people.sara };
			const observations = observationQueries(db);
			const discussions = discussionQueries(db);
			const [{ id: busiest }] = await db.query<{ id: string }>(
				`select item_id as id from public.comment group by item_id order by count(*) desc limit 1`
			);
			const reads: Record<string, () => Promise<unknown>> = {
				'list, every observation (GET /api/v1/observations)': () =>
					observations.listObservations(null),
				'list, one municipality (?istat=046017)': () =>
					observations.listObservations(null, { istat: '046017' }),
				'list, category and status (?category=broadband&status=open)': () =>
					observations.listObservations(null, { category: 'broadband', status: 'open' }),
				'list, bbox around Lucca': () =>
					observations.listObservations(null, { bbox: [10.4, 43.8, 10.6, 43.9] }),
				'map layer, as points (GET /api/v1/layers/observations)': () => observationLayer(db),
				'one observation with its discussion (GET /api/v1/observations/{id})': () =>
					observations.getObservation(sara, busiest)
			};
			for (const [name, read] of Object.entries(reads))
				record(name, engine, await timeOf(read, runs));

			let n = 0;
			const line = (k: number) => ({
				type: 'LineString' as const,
				coordinates: [
					[10.49 + (k % 10) * 0.001, 43.86] as [number, number],
					[10.5, 43.87 + (k % 10) * 0.001] as [number, number]
				]
			});
			const writes: Record<string, () => Promise<unknown>> = {
				'post an observation (a line; PostGIS impact)': () =>
					observations.createObservation(sara, {
						title: `Osservazione sintetica del benchmark ${++n}`,
						body: 'Testo sintetico.',
						category: 'infrastructure',
						geometry: line(n)
					}),
				'support, then withdraw': async () => {
					await discussions.support({ userId: people.paola }, 'observation', busiest);
					await discussions.withdrawSupport({ userId: people.paola }, 'observation', busiest);
				},
				comment: () =>
					discussions.addComment({ userId: people.paola }, 'observation', busiest, {
						body: `Commento del benchmark ${++n}`,
						parent_id: null
					}),
				'write limit check (account and address)': () =>
					checkWriteLimit(db, 'support', { userId: `bench-${++n}`, address: '192.0.2.1' })
			};
			for (const [name, write] of Object.entries(writes))
				record(name, engine, await timeOf(write, runs));
		} finally {
			await drop();
		}
	}
	const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
	return [
		`listening to the territory, in process, medians of ${runs} (synthetic: ${SYNTHETIC.observations} observations, ${SYNTHETIC.supports} supports, ${SYNTHETIC.comments} comments by ${SYNTHETIC.members} participants):`,
		'| read or write | embedded (PGlite) | PostgreSQL | PostgreSQL / embedded |',
		'|---|---|---|---|',
		...[...figures].map(
			([name, f]) =>
				`| ${name} | ${ms(f.pglite)} | ${ms(f.postgres)} | ×${(f.postgres / f.pglite).toFixed(2)} |`
		)
	].join('\n');
}
