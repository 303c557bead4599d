import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { statementEditSchema, type StatementEdit } from '../../src/lib/ambito-statement.ts';
import { ambitoQueries } from '../../src/lib/server/ambito-queries.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { asIdentity } from '../../src/lib/server/db/identity.ts';
import { contentHash, loadAtlasData } from '../../src/lib/server/db/load-atlas-data.ts';
import type { AtlasData } from '../../src/lib/geodata/build.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';
import { addMembers } from '../support/members.ts';

const edit = (fields: Partial<Record<keyof StatementEdit, string>> = {}): StatementEdit =>
	statementEditSchema.parse({
		kind: 'weakness',
		text_it: 'Tempi di percorrenza lunghi verso la costa (prova).',
		text_en: '',
		source_title: 'Documento di prova',
		source_url: 'https://example.org/prova',
		source_date: '2026-10-01',
		precision: 'summary',
		...fields
	});

describe.each(ENGINES)('statements on the ambiti, on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	let data: AtlasData;
	const people: Record<string, string> = {};
	const as = (who: string | null) => (who ? { userId: people[who] } : null);
	const outcome = (work: Promise<unknown>) =>
		work.then(
			() => 'saved',
			(error: { status?: number; key?: string; message?: string }) =>
				error.status ? `${error.status} ${error.key}` : `error ${error.message}`
		);
	const statement = async (id: string) =>
		(
			await db.query<{ text_it: string; version: number; edited: boolean }>(
				'select text_it, version, edited from public.ambito_statement where id = $1',
				[id]
			)
		)[0];

	beforeAll(async () => {
		({ db, drop, data } = await loadedDatabase(engine, inject('postgresUrl')));
		Object.assign(
			people,
			await addMembers(db, [
				['rita', 'Rita Revisori', 'reviewer'],
				['anna', 'Anna Pianificatrice', 'planner']
			])
		);
	});
	afterAll(async () => drop?.());

	it('the build seeds every curated statement with its source, in the file’s order', async () => {
		const rows = await db.query<{ id: string; ambito_code: number; source_date: string }>(
			`select id, ambito_code, source_date::text as source_date from public.ambito_statement
			 where origin = 'seed' order by ambito_code, kind, position`
		);
		expect(rows.map((r) => r.id).sort()).toEqual(data.ambitoStatements.map((s) => s.id).sort());
		expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.source_date))).toBe(true);
		const profile = (await ambitoQueries(db).getAmbito(5))!;
		expect(profile.statements.map((s) => s.id)).toEqual(
			data.ambitoStatements.filter((s) => s.ambito === 5).map((s) => s.id)
		);
		expect(profile.statements[0].source.title).toMatch(/Protocollo/);
	});

	it('anonymous visitors and planners read the statements but cannot write them (RLS)', async () => {
		for (const who of [null, 'anna']) {
			const inserted = await outcome(
				asIdentity(db, as(who), (tx) =>
					tx.query(
						`insert into public.ambito_statement (id, ambito_code, kind, text_it, source_title, source_date, precision)
						 values ('intrusa', 1, 'context', 'x', 'y', '2026-01-01', 'summary')`
					)
				)
			);
			expect(inserted).not.toBe('saved');
			const changed = await asIdentity(db, as(who), (tx) =>
				tx.query(
					`update public.ambito_statement set text_it = 'cambiato', version = version
					 where id = 'filiere-manifatturiere' returning id`
				)
			).catch(() => []);
			expect(changed).toHaveLength(0);
			const read = await asIdentity(db, as(who), (tx) =>
				tx.query('select id from public.ambito_statement where ambito_code = 5')
			);
			expect(read.length).toBeGreaterThan(0);
		}
		expect((await statement('filiere-manifatturiere')).text_it).not.toBe('cambiato');
		expect(await statement('intrusa')).toBeUndefined();
		expect(await outcome(ambitoQueries(db).addStatement(as('anna'), 'Anna', 1, edit()))).toBe(
			'403 problem.notAllowed'
		);
	});

	it('a reviewer adds, edits and removes a statement; the history says who and what', async () => {
		const q = ambitoQueries(db);
		const { id, version } = await q.addStatement(as('rita'), 'Rita Revisori', 1, edit());
		expect(id).toMatch(/^a1-tempi-di-percorrenza/);
		expect(version).toBe(1);
		const changed = await q.updateStatement(
			as('rita'),
			'Rita Revisori',
			id,
			version,
			edit({ text_it: 'Tempi di percorrenza lunghi verso la Versilia (prova).' })
		);
		expect(changed.version).toBe(2);
		expect((await statement(id)).text_it).toBe(
			'Tempi di percorrenza lunghi verso la Versilia (prova).'
		);
		// A second save from the version read before the first is refused, and changes nothing.
		expect(
			await outcome(
				q.updateStatement(as('rita'), 'Rita Revisori', id, 1, edit({ text_it: 'Vecchia' }))
			)
		).toBe('409 problem.conflict');
		expect(await outcome(q.deleteStatement(as('rita'), 'Rita Revisori', id, 1))).toBe(
			'409 problem.conflict'
		);
		await q.deleteStatement(as('rita'), 'Rita Revisori', id, 2);
		expect(await statement(id)).toBeUndefined();
		const history = await db.query<{ operation: string; changed_by: string; changes: unknown }>(
			'select operation, changed_by, changes from public.ambito_statement_change where statement_id = $1 order by id',
			[id]
		);
		expect(history.map((h) => [h.operation, h.changed_by])).toEqual([
			['insert', 'Rita Revisori'],
			['update', 'Rita Revisori'],
			['delete', 'Rita Revisori']
		]);
		const changes = (
			typeof history[1].changes === 'string' ? JSON.parse(history[1].changes) : history[1].changes
		) as Record<string, { from: string; to: string }>;
		expect(changes.text_it.to).toBe('Tempi di percorrenza lunghi verso la Versilia (prova).');
	});

	it('a reviewer’s edit of a seeded statement survives a new build; unedited ones follow the file', async () => {
		const q = ambitoQueries(db);
		const seeded = await statement('turismo-terre-puccini');
		await q.updateStatement(
			as('rita'),
			'Rita Revisori',
			'turismo-terre-puccini',
			seeded.version,
			edit({ kind: 'strength', text_it: 'Il turismo delle «Terre di Giacomo Puccini» (rivisto).' })
		);
		const changedBuild: AtlasData = {
			...data,
			ambitoStatements: data.ambitoStatements.map((s) =>
				s.id === 'turismo-terre-puccini' || s.id === 'filiere-manifatturiere'
					? { ...s, text: { ...s.text, it: `${s.text.it} (nuova build)` } }
					: s
			)
		};
		expect(await loadAtlasData(db, changedBuild, contentHash(JSON.stringify(changedBuild)))).toBe(
			true
		);
		expect((await statement('turismo-terre-puccini')).text_it).toBe(
			'Il turismo delle «Terre di Giacomo Puccini» (rivisto).'
		);
		expect((await statement('filiere-manifatturiere')).text_it).toMatch(/\(nuova build\)$/);
	});

	it('an unknown ambito has no page; a figure the atlas has is shown with its source', async () => {
		const q = ambitoQueries(db);
		expect(await q.getAmbito(9)).toBeNull();
		const digital = (await q.getAmbito(3))!;
		const ftth = digital.figures.find((f) => f.key === 'ftth_households')!;
		expect(ftth.value).toBeGreaterThan(0);
		expect(ftth.value).toBeLessThanOrEqual(100);
		expect(ftth.coverage!.of).toBe(33);
		expect(ftth.source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		// Named in both languages, as the build recorded the source.
		expect(ftth.source.title.it).toMatch(/^AGCOM Broadband Map – consistenze/);
		expect(ftth.source.title.en).toMatch(/^AGCOM Broadband Map – addresses reached/);
		// The count is the layer's, checked against PostGIS's own table.
		const [{ count }] = await db.query<{ count: number }>(
			`select count(*)::int4 as count from public.layer_feature where kind = 'district'`
		);
		const chains = (await q.getAmbito(5))!;
		expect(chains.figures.find((f) => f.key === 'districts')!.value).toBe(Number(count));
		// Districts cite several sources: the figure is named by its layer, in both languages.
		expect(chains.figures.find((f) => f.key === 'districts')!.source.title).toEqual({
			it: 'Distretti industriali',
			en: 'Industrial districts'
		});
	});
});
