import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { proposalInputSchema } from '../../src/lib/proposals.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { proposalQueries } from '../../src/lib/server/proposal-queries.ts';
import { RefusalError } from '../../src/lib/server/refusal.ts';
import { BOWTIE_POLYGON } from '../fixtures/proposals/geometries.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';

const line = (coordinates: number[][]) =>
	proposalInputSchema.parse({
		title: 'Ciclabile Lucca–Capannori',
		geometry: { type: 'LineString', coordinates }
	});
const LUCCA_CAPANNORI = [
	[10.47, 43.85],
	[10.55, 43.845],
	[10.6, 43.83]
];

describe.each(ENGINES)('proposals through the data-access module on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const people: Record<string, { userId: string }> = {};
	const count = async () =>
		(await db.query<{ n: number }>('select count(*)::int4 as n from proposal'))[0].n;
	const refused = (promise: Promise<unknown>) =>
		promise.then(
			() => null,
			(error: unknown) =>
				error instanceof RefusalError
					? { status: error.status, ...error.params, key: error.key }
					: error
		);

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		for (const [name, role] of [
			['anna', 'planner'],
			['rita', 'reviewer']
		]) {
			people[name] = { userId: randomUUID() };
			await db.query(
				'insert into member (user_id, email, display_name, role) values ($1, $2, $3, $4)',
				[people[name].userId, `${name}@example.org`, name, role]
			);
		}
	});
	afterAll(async () => drop?.());

	it('saves a planner’s draft with the impact PostGIS computed', async () => {
		const before = await count();
		const saved = await proposalQueries(db).createProposal(people.anna, line(LUCCA_CAPANNORI));
		expect(saved.version).toBe(1);
		expect(saved.impact.municipalities.map((m) => m.name)).toEqual(['Lucca', 'Capannori']);
		expect(await count()).toBe(before + 1);
		const stored = await proposalQueries(db).getProposal(people.anna, saved.id);
		expect(stored?.impact.municipalities[0].length_km).toBeCloseTo(
			saved.impact.municipalities[0].length_km!,
			9
		);
	});

	it.each([
		['a self-intersecting polygon', BOWTIE_POLYGON, 'problem.invalidGeometry'],
		[
			'coordinates outside the province',
			{
				type: 'LineString',
				coordinates: [
					[11.25, 43.77],
					[11.3, 43.78]
				]
			},
			'problem.outsideProvince'
		],
		[
			'more than 10,000 vertices',
			{
				type: 'LineString',
				coordinates: Array.from({ length: 10_001 }, (_, i) => [10.5 + i * 1e-6, 43.85])
			},
			'problem.tooManyVertices'
		]
	])('refuses %s with a clear message, saving nothing', async (_, geometry, problem) => {
		const before = await count();
		const input = proposalInputSchema.parse({ title: 'x', geometry });
		expect(await refused(proposalQueries(db).createProposal(people.anna, input))).toEqual({
			status: 400,
			key: 'problem.field',
			field: 'geometry',
			problem
		});
		expect(await count()).toBe(before);
	});

	it('refuses an anonymous proposal', async () => {
		expect(
			await refused(proposalQueries(db).createProposal(null, line(LUCCA_CAPANNORI)))
		).toMatchObject({ status: 401 });
	});

	it('refuses the second of two saves made from the same version', async () => {
		const { id } = await proposalQueries(db).createProposal(people.anna, line(LUCCA_CAPANNORI));
		const first = await proposalQueries(db).updateProposal(people.anna, id, 1, {
			...line(LUCCA_CAPANNORI),
			title: 'Prima'
		});
		expect(first.version).toBe(2);
		expect(
			await refused(
				proposalQueries(db).updateProposal(people.anna, id, 1, {
					...line(LUCCA_CAPANNORI),
					title: 'Seconda'
				})
			)
		).toMatchObject({ status: 409, key: 'problem.conflict' });
		expect((await proposalQueries(db).getProposal(people.anna, id))?.title).toBe('Prima');
	});

	it('a reviewer adopts a proposal: an intervention is created from it and linked back', async () => {
		const queries = proposalQueries(db);
		const { id } = await queries.createProposal(people.anna, {
			...line(LUCCA_CAPANNORI),
			estimated_cost_eur: 2_500_000,
			cost_basis: 'Costo parametrico 500 €/m (Regione Toscana, ciclabili 2024)'
		});
		await queries.transitionProposal(people.anna, id, { to: 'submitted', version: 1 });
		expect(
			await refused(queries.transitionProposal(people.anna, id, { to: 'adopted', version: 2 }))
		).toMatchObject({ status: 403 });
		await queries.transitionProposal(people.rita, id, { to: 'under_review', version: 2 });
		await queries.transitionProposal(people.rita, id, { to: 'adopted', version: 3 });
		const adopted = await queries.getProposal(null, id);
		expect(adopted?.status).toBe('adopted');
		expect(adopted?.intervention_id).toMatch(/^proposta-/);
		const [intervention] = await db.query<{
			origin: string;
			cost_eur: string;
			cost_source: string;
			municipalities: string[];
		}>(
			`select i.origin, i.cost_eur, i.cost_source,
				(select array_agg(istat order by istat) from intervention_municipality where intervention_id = i.id) as municipalities
			 from intervention i where i.id = $1`,
			[adopted!.intervention_id]
		);
		expect(intervention).toEqual({
			origin: 'proposal',
			cost_eur: expect.stringMatching(/^2500000(\.00)?$/),
			cost_source:
				'Stima del proponente: Costo parametrico 500 €/m (Regione Toscana, ciclabili 2024)',
			municipalities: ['046007', '046017']
		});
		expect(adopted?.transitions.map((t) => (t as { to_status: string }).to_status)).toEqual([
			'draft',
			'submitted',
			'under_review',
			'adopted'
		]);
	});
});
