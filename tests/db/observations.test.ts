import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { discussionQueries } from '../../src/lib/server/discussions.ts';
import { observationLayer, observationQueries } from '../../src/lib/server/observations.ts';
import { observationInputSchema } from '../../src/lib/observation.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

// A line in the centre of Lucca, and a point in Viareggio.
const LUCCA_LINE = {
	type: 'LineString' as const,
	coordinates: [
		[10.495, 43.843],
		[10.505, 43.843],
		[10.512, 43.84]
	]
};
const VIAREGGIO = { type: 'Point' as const, coordinates: [10.25, 43.87] };
// A point in Capannori, east of Lucca.
const CAPANNORI = { type: 'Point' as const, coordinates: [10.57, 43.84] };

describe.each(ENGINES)('observations through the server module, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const people: Record<string, string> = {};
	const as = (who: string | null) => (who ? { userId: people[who] } : null);
	const outcome = (work: Promise<unknown>) =>
		work.then(
			() => 'ok',
			(error: {
				status?: number;
				key?: string;
				params?: { problem?: string };
				message?: string;
			}) =>
				error.status
					? `${error.status} ${error.params?.problem ?? error.key}`
					: `error ${error.message}`
		);
	const input = (change: Record<string, unknown> = {}) =>
		observationInputSchema.parse({
			title: 'Manca la fibra nella zona artigianale',
			body: 'Le imprese della zona chiedono da anni un collegamento FTTH.',
			category: 'broadband',
			geometry: LUCCA_LINE,
			...change
		});

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		Object.assign(
			people,
			await addMembers(db, [
				['sara', 'Sara Stakeholder', 'stakeholder'],
				['teo', 'Teo Stakeholder', 'stakeholder'],
				['rita', 'Rita Revisori', 'reviewer']
			])
		);
	});
	afterAll(async () => drop?.());

	it('posting fills in the municipality from PostGIS, and the category suggests the ambito', async () => {
		const observations = observationQueries(db);
		const { id, impact } = await observations.createObservation(as('sara'), input());
		const [lucca] = await db.query<{ n: number }>(
			`select count(*)::int4 as n from public.municipality
			 where istat = '046017' and ST_Intersects(geom, ST_GeomFromGeoJSON($1))`,
			[JSON.stringify(LUCCA_LINE)]
		);
		expect(lucca.n).toBe(1);
		expect(impact.municipalities.map((m) => m.istat)).toEqual(['046017']);
		const detail = (await observations.getObservation(null, id))!;
		expect(detail).toMatchObject({
			title: 'Manca la fibra nella zona artigianale',
			category: 'broadband',
			ambito: 3,
			status: 'open',
			author_name: 'Sara Stakeholder',
			municipalities: [{ istat: '046017', name: 'Lucca' }],
			supports: 0,
			mine: false
		});
		expect((await observations.getObservation(as('sara'), id))!.mine).toBe(true);
	});

	it('the map layer: each visible observation as one point on its shape, with its source and precision', async () => {
		const observations = observationQueries(db);
		const { id } = await observations.createObservation(as('sara'), input());
		const { id: hidden } = await observations.createObservation(as('teo'), input());
		await discussionQueries(db).moderate(as('rita'), 'observation', hidden, {
			action: 'hide',
			reason: 'spam',
			note: null
		});
		const layer = await observationLayer(db);
		const ids = layer.features.map((f) => f.properties.id);
		expect(ids).toContain(id);
		expect(ids).not.toContain(hidden);
		const feature = layer.features.find((f) => f.properties.id === id)!;
		expect(feature.geometry.type).toBe('Point');
		expect(feature.properties).toMatchObject({
			layer: 'observations',
			kind: 'observation',
			shape: 'linestring',
			precision: 'point-on-shape',
			source: "Sara Stakeholder, osservazione sull'Atlante Lucca 2030"
		});
		// The point lies on the line drawn (PostGIS's point on surface), within a centimetre.
		const [{ metres }] = await db.query<{ metres: number }>(
			`select ST_Distance(ST_GeomFromGeoJSON($1)::geography, ST_GeomFromGeoJSON($2)::geography) as metres`,
			[JSON.stringify(feature.geometry), JSON.stringify(LUCCA_LINE)]
		);
		expect(Number(metres)).toBeLessThan(0.01);
	});

	it('the author corrects an observation within 30 minutes; nobody else, never later, never from a stale version', async () => {
		const observations = observationQueries(db);
		const { id } = await observations.createObservation(as('sara'), input());
		const edit = (who: string, version: number, change: Record<string, unknown> = {}) =>
			observations.editObservation(as(who), id, {
				...input({ title: 'Manca la fibra anche in via del Brennero', ...change }),
				version
			});
		expect(await outcome(edit('teo', 1))).toBe('403 problem.editWindowOver');
		const edited = await edit('sara', 1, { geometry: CAPANNORI });
		expect(edited.version).toBe(2);
		expect(edited.impact.municipalities.map((m) => m.istat)).toEqual(['046007']);
		expect((await observations.getObservation(null, id))!).toMatchObject({
			title: 'Manca la fibra anche in via del Brennero',
			municipalities: [{ istat: '046007', name: 'Capannori' }],
			version: 2
		});
		expect(await outcome(edit('sara', 1))).toBe('409 observation.editConflict');
		await db.query(
			`update public.observation set created_at = now() - interval '31 minutes' where id = $1`,
			[id]
		);
		const { version } = (await observations.getObservation(null, id))!;
		expect(await outcome(edit('sara', version, { title: 'Troppo tardi' }))).toBe(
			'403 problem.editWindowOver'
		);
		expect((await observations.getObservation(null, id))!).toMatchObject({
			title: 'Manca la fibra anche in via del Brennero',
			version
		});
	});

	it('anonymous posting is refused; markup and a place outside the province too, with nothing saved', async () => {
		const observations = observationQueries(db);
		const before = (await observations.listObservations(null)).features.length;
		expect(await outcome(observations.createObservation(null, input()))).toBe(
			'401 problem.signInNeeded'
		);
		expect(
			observationInputSchema.safeParse({ ...input(), body: '<b>ciao</b>' }).error?.issues[0].message
		).toBe('problem.markup');
		expect(
			await outcome(
				observations.createObservation(
					as('sara'),
					input({ geometry: { type: 'Point', coordinates: [12.5, 41.9] } })
				)
			)
		).toBe('400 problem.outsideProvince');
		expect((await observations.listObservations(null)).features.length).toBe(before);
	});

	it('filters by category, ambito, municipality and status', async () => {
		const observations = observationQueries(db);
		const { id } = await observations.createObservation(
			as('teo'),
			input({ title: 'Passeggiata a mare dissestata', category: 'tourism', geometry: VIAREGGIO })
		);
		const ids = async (filter: Parameters<typeof observations.listObservations>[1]) =>
			(await observations.listObservations(null, filter)).features.map((f) => f.properties.id);
		expect(await ids({ category: 'tourism' })).toEqual([id]);
		expect(await ids({ ambito: 6 })).toEqual([id]);
		expect(await ids({ istat: '046033' })).toEqual([id]);
		expect(await ids({ istat: '046017' })).not.toContain(id);
		expect(await ids({ status: 'open' })).toContain(id);
		expect(await ids({ status: 'answered' })).toEqual([]);
		expect(await ids({ bbox: [10.2, 43.85, 10.3, 43.9] })).toEqual([id]);
	});

	it('a second support is idempotent: answered as done, counted once', async () => {
		const observations = observationQueries(db);
		const discussions = discussionQueries(db);
		const { id } = await observations.createObservation(as('sara'), input());
		expect(await discussions.support(as('teo'), 'observation', id)).toEqual({
			created: true,
			supports: 1
		});
		expect(await discussions.support(as('teo'), 'observation', id)).toEqual({
			created: false,
			supports: 1
		});
		expect(await outcome(discussions.support(null, 'observation', id))).toBe(
			'401 problem.signInNeeded'
		);
		expect(await discussions.withdrawSupport(as('teo'), 'observation', id)).toEqual({
			supports: 0
		});
	});

	it('the cabina di regia turns an observation into a proposal draft, linked both ways; only once', async () => {
		const observations = observationQueries(db);
		const { id } = await observations.createObservation(as('sara'), input());
		expect(await outcome(observations.takeIntoProposal(as('teo'), id))).toBe(
			'403 problem.notAllowed'
		);
		const { proposal_id } = await observations.takeIntoProposal(as('rita'), id);
		const [proposal] = await db.query<{
			title: string;
			description: string;
			observation_id: string;
			primary_ambito: number;
			same_geometry: boolean;
		}>(
			`select p.title, p.description, p.observation_id, p.primary_ambito,
				ST_Equals(p.geom, o.geom) as same_geometry
			 from public.proposal p join public.observation o on o.id = p.observation_id
			 where p.id = $1`,
			[proposal_id]
		);
		expect(proposal).toEqual({
			title: 'Manca la fibra nella zona artigianale',
			description: 'Le imprese della zona chiedono da anni un collegamento FTTH.',
			observation_id: id,
			primary_ambito: 3,
			same_geometry: true
		});
		expect((await observations.getObservation(null, id))!).toMatchObject({
			status: 'in_proposal',
			proposal_id
		});
		expect(await outcome(observations.takeIntoProposal(as('rita'), id))).toBe(
			'409 problem.notOpen'
		);
	});
});
