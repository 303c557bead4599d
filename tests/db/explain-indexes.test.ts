// Every filter the API offers is served by an index on the real PostgreSQL server: the plans of
// the very statements the data-access code sends (captured on their way to the database) read no
// large table from end to end.
//
// Method: the throw-away database gets many clearly synthetic rows (names "… sintetico",
// example.org members, ISTAT codes 9xxxxx; only here) and ANALYZE, so the planner costs the
// tables as large, and the values the filters ask for are rare among them, as one municipality,
// year or programme is among a large atlas's interventions. Then each statement is explained as
// PostgreSQL would plan it in production: for so selective a filter an index is the cheaper
// plan whenever one can serve it, so a sequential scan, or an index read whole just to filter
// it, means none can. Not enable_seqscan = off: it makes PostgreSQL walk a whole primary-key
// index whose second column matches the filter, which EXPLAIN reports as an index condition,
// and the test then passed without the indexes of 20261130100000_api_indexes.sql.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import { checkLocalPassword, memberOfSession } from '../../src/lib/server/auth/accounts.ts';
import {
	liftStatementTimeout,
	type Database,
	type Queryable
} from '../../src/lib/server/db/engine.ts';
import { discussionQueries } from '../../src/lib/server/discussions.ts';
import { observationQueries } from '../../src/lib/server/observations.ts';
import { proposalQueries } from '../../src/lib/server/proposal-queries.ts';
import { tileLayer, vectorTile } from '../../src/lib/server/vector-tiles.ts';
import { loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

const LARGE_TABLES = new Set([
	'intervention',
	'intervention_ambito',
	'intervention_guideline',
	'intervention_municipality',
	'intervention_feature',
	'funding_line',
	'layer_feature',
	'municipality',
	'national_municipality',
	'proposal',
	'comment',
	'observation',
	'support',
	'proposal_transition',
	'member',
	'local_session'
]);

/** Lucca and its surroundings: [west, south, east, north]. */
const LUCCA: [number, number, number, number] = [10.45, 43.8, 10.55, 43.88];

const SYNTHETIC_ROWS = `
	insert into public.municipality (istat, name, province, area_km2, geom)
	select (900000 + g)::text, 'Comune sintetico ' || g, '999', 1,
		ST_Multi(ST_MakeEnvelope(x, y, x + 0.05, y + 0.05, 4326))
	from generate_series(0, 7999) g,
		lateral (select 6 + (g % 100) * 0.1 as x, 36 + (g / 100) * 0.1 as y) c;

	insert into public.layer (id, theme, sort_order, title, description, method, gaps, precision, licence, sources)
	values ('sintetico', 'sintetico', 99, '{"it": "Sintetico", "en": "Synthetic"}', '{"it": "-", "en": "-"}',
		'{"it": "-", "en": "-"}', '{"it": "-", "en": "-"}', '{"it": "schematica", "en": "schematic"}',
		'{"it": "nessuna", "en": "none"}', '["test"]');
	insert into public.layer_feature (layer_id, feature_id, kind, name, source, licence, precision, owner, geom)
	select 'sintetico', 'luogo-' || g, 'synthetic', 'Luogo sintetico ' || g, 'test', 'none', 'schematic', 'test',
		ST_SetSRID(ST_MakePoint(6 + (g % 200) * 0.05, 36 + (g / 200) * 0.08), 4326)
	from generate_series(0, 19999) g;

	select set_config('atlas.actor', 'test (sintetico)', true);
	insert into public.intervention (id, code, title_it, primary_ambito, status, status_source,
		start_date, end_date, origin, sources)
	select 'sintetico-' || g, 'SIN-' || g, 'Intervento sintetico ' || g,
		case when g % 1000 = 0 then 1 + (g / 1000) % 8 else 8 end,
		case when g % 1000 = 1 then 'in_progress' else 'completed' end, 'test',
		(2000 + g % 15)::text, (2001 + g % 15)::text, 'import', '[{"title": "test"}]'
	from generate_series(0, 19999) g;
	insert into public.intervention_ambito (intervention_id, ambito_code)
	select 'sintetico-' || g, case when g % 1000 = 2 then 1 else 7 end from generate_series(0, 19999) g;
	insert into public.intervention_guideline (intervention_id, guideline_code)
	select 'sintetico-' || g, case when g % 1000 = 3 then 3 else 6 end from generate_series(0, 19999) g;
	insert into public.funding_line (intervention_id, kind, document)
	select 'sintetico-' || g, case when g % 1000 = 4 then 'pnrr' else 'other' end, 'test'
	from generate_series(0, 19999) g;
	insert into public.intervention_municipality (intervention_id, istat)
	select 'sintetico-' || g, (900000 + g % 8000)::text from generate_series(0, 19999) g;
	insert into public.intervention_feature (intervention_id, layer_id, feature_id, relation)
	select 'sintetico-' || g, 'sintetico', 'luogo-' || g, 'located-at' from generate_series(0, 19999) g;

	insert into public.member (user_id, email, display_name, role)
	select gen_random_uuid(), 'sintetico-' || g || '@example.org', 'Membro sintetico ' || g, 'stakeholder'
	from generate_series(0, 4999) g;
	insert into public.local_session (token_hash, user_id, expires_at)
	select md5(user_id::text), user_id, now() + interval '1 day' from public.member
	where email like 'sintetico-%';
	insert into public.proposal (title, geom, proponent_id, status)
	select 'Proposta sintetica ' || g, ST_SetSRID(ST_MakePoint(6 + (g % 100) * 0.1, 36 + (g / 100) * 0.1), 4326),
		(select user_id from public.member where email = 'sintetico-' || (g % 5000) || '@example.org'),
		case when g % 50 = 0 then 'submitted' else 'draft' end
	from generate_series(0, 9999) g;
	insert into public.comment (item_kind, item_id, author_id, body)
	select 'proposal', id::text, proponent_id, 'Commento sintetico' from public.proposal
	where title like 'Proposta sintetica%';
	insert into public.observation (title, body, category, geom, author_id, impact, status, answer)
	select 'Osservazione sintetica ' || g, 'Testo sintetico',
		(array['infrastructure', 'broadband', 'environment', 'business', 'tourism', 'other'])[1 + g % 6],
		ST_SetSRID(ST_MakePoint(10.47 + (g % 100) * 0.001, 43.83 + (g / 100) * 0.0004), 4326),
		(select user_id from public.member where email = 'sintetico-' || (g % 5000) || '@example.org'),
		jsonb_build_object('municipalities', jsonb_build_array(jsonb_build_object(
			'istat', case when g % 100 = 0 then '046007' else '046017' end, 'name', 'Sintetico'))),
		case when g % 7 = 0 then 'answered' else 'open' end,
		case when g % 7 = 0 then 'Risposta sintetica' end
	from generate_series(0, 9999) g;
	insert into public.support (item_kind, item_id, member_id)
	select 'observation', o.id::text, m.user_id
	from (select id from public.observation order by id limit 2000) o
	cross join (select user_id from public.member where email like 'sintetico-%' limit 5) m;
	insert into public.comment (item_kind, item_id, author_id, body)
	select 'observation', o.id::text, o.author_id, 'Commento sintetico' from public.observation o;
`;

interface Statement {
	kind: 'query' | 'exec';
	text: string;
	params: unknown[];
}

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	'Index Cond'?: string;
	Plans?: PlanNode[];
}

/** The scans of the large tables that read them whole: the plan's faults. */
function wholeTableScans(node: PlanNode): string[] {
	const own: string[] = [];
	const table = node['Relation Name'];
	if (table && LARGE_TABLES.has(table)) {
		const type = node['Node Type'];
		const driven =
			type === 'Bitmap Heap Scan' ||
			((type === 'Index Scan' || type === 'Index Only Scan') && Boolean(node['Index Cond']));
		if (!driven)
			own.push(`${type} on ${table}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`);
	}
	return [...own, ...(node.Plans ?? []).flatMap(wholeTableScans)];
}

describe('indexes for every API filter, on PostgreSQL', () => {
	let db: Database;
	let drop: () => Promise<void>;
	let people: Record<string, string>;
	let proposalId: string;

	/** The statements `work` sends to the database, in order (transactions included). */
	async function captured(work: (db: Database) => Promise<unknown>): Promise<Statement[]> {
		const log: Statement[] = [];
		const recording = (on: Queryable): Queryable => ({
			query(text, params = []) {
				log.push({ kind: 'query', text, params });
				return on.query(text, params);
			},
			exec(script) {
				log.push({ kind: 'exec', text: script, params: [] });
				return on.exec(script);
			}
		});
		/** A transaction's set-up (role, claims): replayed as the code sent it, not explained. */
		const logSetup = (setup: { text: string; params?: unknown[] }[]) => {
			for (const { text, params = [] } of setup)
				log.push({ kind: params.length ? 'query' : 'exec', text, params });
		};
		await work({
			...db,
			...recording(db),
			transaction: (inner, setup = []) => {
				logSetup(setup);
				return db.transaction((tx) => inner(recording(tx)), setup);
			},
			batch: (statements) => {
				logSetup(statements.filter((s) => /^\s*(set local|select set_config\()/.test(s.text)));
				for (const s of statements)
					if (!/^\s*(set local|select set_config\()/.test(s.text))
						log.push({ kind: 'query', text: s.text, params: s.params ?? [] });
				return db.batch(statements);
			}
		});
		return log;
	}

	/**
	 * Each statement's whole-table scans, explained as it was sent; settings the code makes
	 * (role, claims, trigram threshold) are replayed in order, in one transaction.
	 */
	async function faults(work: (db: Database) => Promise<unknown>) {
		const statements = await captured(work);
		expect(statements.length).toBeGreaterThan(0);
		return db.transaction(async (tx) => {
			const found: { statement: string; scans: string[] }[] = [];
			for (const s of statements) {
				if (s.kind === 'exec') await tx.exec(s.text);
				else if (/^\s*select set_config\(/.test(s.text)) await tx.query(s.text, s.params);
				else {
					const [row] = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
						`explain (format json) ${s.text}`,
						s.params
					);
					const scans = wholeTableScans(row['QUERY PLAN'][0].Plan);
					if (scans.length) found.push({ statement: s.text.slice(0, 160), scans });
				}
			}
			return found;
		});
	}

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase('postgres', inject('postgresUrl'), { national: true }));
		people = await addMembers(db, [['anna', 'Anna', 'planner']]);
		// Setting up is not what is measured: no statement timeout for it (under load, analysing
		// the national boundaries alone can take seconds).
		await db.transaction(async (tx) => {
			await liftStatementTimeout(tx);
			await tx.exec(SYNTHETIC_ROWS);
		});
		[{ id: proposalId }] = await db.query<{ id: string }>(
			`select id from public.proposal where title = 'Proposta sintetica 50'`
		);
		await db.transaction(async (tx) => {
			await liftStatementTimeout(tx);
			await tx.exec('analyze');
		});
	});
	afterAll(async () => drop?.());

	it('has the synthetic rows that make the tables large', async () => {
		const [counts] = await db.query<Record<string, number>>(
			`select (select count(*)::int4 from public.intervention) as interventions,
				(select count(*)::int4 from public.layer_feature) as features,
				(select count(*)::int4 from public.municipality) as municipalities,
				(select count(*)::int4 from public.proposal) as proposals`
		);
		expect(counts.interventions).toBeGreaterThan(20_000);
		expect(counts.features).toBeGreaterThan(20_000);
		expect(counts.municipalities).toBeGreaterThan(8000);
		expect(counts.proposals).toBe(10_000);
	});

	const interventionFilters = {
		ambito: { ambito: [1] },
		'no ambito': { unassignedAmbito: true },
		guideline: { guideline: [3] },
		status: { status: ['in_progress' as const] },
		funding: { funding: ['pnrr' as const] },
		municipality: { municipality: '046007' },
		year: { year: 2026 },
		bbox: { bbox: LUCCA }
	};
	it.each(Object.entries(interventionFilters))(
		'/api/v1/interventions?%s= reads through indexes',
		async (_, filter) => {
			expect(await faults((db) => createAtlas(db).listInterventions(filter))).toEqual([]);
		}
	);

	it('a filtered list still finds what it should (the rewritten ambito and bbox filters)', async () => {
		const atlas = createAtlas(db);
		const ids = async (filter: Parameters<typeof atlas.listInterventions>[0]) =>
			(await atlas.listInterventions(filter)).features.map((f) => f.properties.id);
		expect(await ids({ ambito: [1] })).toEqual(
			expect.arrayContaining(['sintetico-0', 'sintetico-2', 'sintetico-8000'])
		);
		expect(await ids({ ambito: [1] })).not.toContain('sintetico-1000');
		const [inside] = await db.query<{ n: number }>(
			`select count(*)::int4 as n from public.layer_feature
			 where layer_id = 'sintetico' and geom && ST_MakeEnvelope(10.45, 43.8, 10.55, 43.88, 4326)`
		);
		const synthetic = (await ids({ bbox: LUCCA })).filter((id) => id.startsWith('sintetico-'));
		expect(inside.n).toBeGreaterThan(0);
		expect(synthetic.length).toBe(inside.n);
	});

	it('/api/v1/layers/{id}?bbox= and /api/v1/layers/broadband?bbox= read through indexes', async () => {
		expect(await faults((db) => createAtlas(db).getCuratedLayer('bottlenecks'))).toEqual([]);
		expect(
			await faults((db) => createAtlas(db).getCuratedLayer('bottlenecks', { bbox: LUCCA }))
		).toEqual([]);
		expect(await faults((db) => createAtlas(db).getBroadbandLayer({ bbox: LUCCA }))).toEqual([]);
		expect(await faults((db) => createAtlas(db).getInterventionsLayer({ bbox: LUCCA }))).toEqual(
			[]
		);
	});

	it('/api/v1/tiles/{layer}/{z}/{x}/{y}.mvt reads through the spatial indexes (ST_AsMVT)', async () => {
		// Tiles over Lucca at zoom 10 and 12; the synthetic boundaries and points lie all around.
		for (const id of ['municipalities', 'broadband', 'bottlenecks', 'national-broadband'])
			for (const [z, x, y] of [
				[10, 541, 372],
				[12, 2167, 1491]
			]) {
				const statements = await captured((db) => vectorTile(db, tileLayer(id)!, z, x, y));
				expect(statements.map((s) => s.text).join(), id).toContain('ST_AsMVT');
				expect(await faults((db) => vectorTile(db, tileLayer(id)!, z, x, y)), id).toEqual([]);
			}
	});

	it('/api/v1/search reads through the trigram indexes, for a name and for a near miss', async () => {
		for (const q of ['capannori', 'capanori', 'J91H03000190001'])
			expect(await faults((db) => createAtlas(db).search(q)), q).toEqual([]);
	});

	it('proposal lists, by status and by proponent (row-level security), read through indexes', async () => {
		expect(await faults((db) => proposalQueries(db).listProposals(null))).toEqual([]);
		expect(
			await faults((db) => proposalQueries(db).listProposals({ userId: people.anna }))
		).toEqual([]);
		expect(
			await faults((db) => proposalQueries(db).getProposal({ userId: people.anna }, proposalId))
		).toEqual([]);
	});

	it('observation lists by every filter, one observation and its discussion read through indexes', async () => {
		for (const filter of [
			{ istat: '046007' },
			{ bbox: LUCCA },
			{ category: 'broadband' },
			{ status: 'answered' as const }
		])
			expect(
				await faults((db) => observationQueries(db).listObservations(null, filter)),
				JSON.stringify(filter)
			).toEqual([]);
		const [{ id }] = await db.query<{ id: string }>(
			`select id from public.observation where title = 'Osservazione sintetica 50'`
		);
		expect(
			await faults((db) => observationQueries(db).getObservation({ userId: people.anna }, id))
		).toEqual([]);
		expect(
			await faults((db) => discussionQueries(db).discussion(null, 'proposal', proposalId))
		).toEqual([]);
	});

	it('sessions and accounts are looked up through indexes', async () => {
		expect(await faults((db) => memberOfSession(db, 'not-a-token'))).toEqual([]);
		expect(await faults((db) => checkLocalPassword(db, 'anna@example.org', 'wrong'))).toEqual([]);
	});
});
