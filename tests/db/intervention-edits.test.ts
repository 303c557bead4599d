import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { interventionEditSchema, type InterventionEdit } from '../../src/lib/intervention-edit.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { interventionEdits } from '../../src/lib/server/intervention-edits.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

describe.each(ENGINES)('the cabina di regia edits interventions, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const people: Record<string, string> = {};
	let next = 0;

	/** A fresh imported intervention, as the importer would have stored it. */
	const imported = async () => {
		const id = `prova-modifica-${++next}`;
		await db.query(
			`insert into public.intervention (id, code, title_it, sources, origin)
			 values ($1, $2, 'Ciclabile del Serchio', '[{"title":"Delibera di prova"}]', 'import')`,
			[id, `PROVA-${next}`]
		);
		return id;
	};
	const row = async (id: string) =>
		(
			await db.query<Record<string, unknown>>(
				`select title_it, status, status_source, cost_eur::float8 as cost_eur, cost_source,
					start_date, end_date, lead_body, actors from public.intervention where id = $1`,
				[id]
			)
		)[0];
	const history = (id: string) =>
		db.query<{ changed_by: string; changes: Record<string, { from: unknown; to: unknown }> }>(
			`select changed_by, changes from public.intervention_change
			 where intervention_id = $1 order by id`,
			[id]
		);
	/** The form as a person fills it in, from the version they read. */
	const form = async (id: string, fields: Record<string, string>): Promise<InterventionEdit> => {
		const editable = (await interventionEdits(db).getEditable(id))!;
		return interventionEditSchema.parse({
			title_it: editable.title_it ?? '',
			version: editable.version,
			...fields
		});
	};
	const edit = (who: string | null, id: string, change: InterventionEdit) =>
		interventionEdits(db)
			.editIntervention(who ? { userId: people[who] } : null, id, change)
			.then(
				() => 'saved',
				(error: { status?: number; key?: string }) => `${error.status} ${error.key}`
			);

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
		Object.assign(
			people,
			await addMembers(db, [
				['rita', 'Rita Revisori', 'reviewer'],
				['anna', 'Anna Pianificatrice', 'planner'],
				['sara', 'Sara Portatrice', 'stakeholder']
			])
		);
	});
	afterAll(async () => drop?.());

	it('a reviewer’s edit is saved, and the history says what changed and who changed it', async () => {
		const id = await imported();
		const change = await form(id, {
			status: 'financed',
			status_source: 'Decreto regionale n. 1/2026 (prova)',
			cost_eur: '1.250.000,50',
			cost_source: 'Decreto regionale n. 1/2026 (prova)',
			start_date: '2026-03',
			actors: 'Provincia di Lucca\nComune di Lucca\n'
		});
		expect(await edit('rita', id, change)).toBe('saved');
		expect(await row(id)).toMatchObject({
			status: 'financed',
			cost_eur: 1250000.5,
			start_date: '2026-03',
			end_date: null,
			actors: ['Provincia di Lucca', 'Comune di Lucca']
		});
		const last = (await history(id)).at(-1)!;
		expect(last.changed_by).toBe('Rita Revisori');
		expect(last.changes.status).toEqual({ from: null, to: 'financed' });
	});

	it('a planner, a stakeholder and an anonymous visitor are refused, and nothing changes', async () => {
		const id = await imported();
		const before = [await row(id), (await history(id)).length];
		const change = await form(id, { status: 'completed', status_source: 'Nessuna (prova)' });
		expect(await edit('anna', id, change)).toBe('403 problem.notAllowed');
		expect(await edit('sara', id, change)).toBe('403 problem.notAllowed');
		expect(await edit(null, id, change)).toBe('401 problem.signInNeeded');
		// Nor straight through SQL, as a client of Supabase's REST API would try: RLS holds.
		const direct = await asIdentity(db, { userId: people.anna }, (tx) =>
			tx.query(
				`update public.intervention set status = 'completed', status_source = 'x' where id = $1 returning id`,
				[id]
			)
		);
		expect(direct).toHaveLength(0);
		expect([await row(id), (await history(id)).length]).toEqual(before);
	});

	it('a save from an outdated version is refused and the first save stands', async () => {
		const id = await imported();
		const first = await form(id, { lead_body: 'Provincia di Lucca' });
		const second = await form(id, { lead_body: 'Comune di Lucca' });
		expect(await edit('rita', id, first)).toBe('saved');
		expect(await edit('rita', id, second)).toBe('409 problem.interventionConflict');
		expect((await row(id)).lead_body).toBe('Provincia di Lucca');
	});

	it('an intervention built from the atlas’s public sources is corrected in geodata/, not here', async () => {
		const [seed] = await db.query<{ id: string }>(
			`select id from public.intervention where origin = 'seed' order by id limit 1`
		);
		const before = await row(seed.id);
		const change = await form(seed.id, { status: 'suspended', status_source: 'Prova' });
		expect(await edit('rita', seed.id, change)).toBe('400 problem.seedEdit');
		expect(await row(seed.id)).toEqual(before);
	});

	it('a title cannot be removed from an intervention without a CUP', async () => {
		const id = await imported();
		const change = await form(id, { title_it: '  ' });
		expect(await edit('rita', id, change)).toBe('400 problem.field');
		expect((await row(id)).title_it).toBe('Ciclabile del Serchio');
	});
});
