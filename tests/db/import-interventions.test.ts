import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImportFileError } from '../../src/lib/geodata/intervention-rows.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import {
	formatImportReport,
	importInterventions
} from '../../src/lib/server/import-interventions.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';

const HEADER =
	'id;code;title_it;primary_ambito;status;status_source;cost_eur;cost_source;municipalities;features;funding_kind;funding_amount_eur;funding_document;source_title;source_url';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const good =
	'pista-ciclabile-serchio;IMP-1;Pista ciclabile del Serchio;2;planned;Delibera di Giunta n. 1/2026;1.250.000,00;Delibera di Giunta n. 1/2026;046017;;regional;1.000.000,00;Decreto regionale n. 2/2026;Delibera di Giunta n. 1/2026;https://example.org/delibera';
const alsoGood =
	'ponte-calavorno-nuovo;IMP-2;Nuovo ponte di Calavorno;1;;;;;046011;bottlenecks/ponte-di-calavorno:resolves;;;;Comunicato del Comune;https://example.org/comunicato';
const costWithoutSource =
	'costo-senza-fonte;IMP-3;Costo senza fonte;1;;;500000;;046017;;;;;Fonte;https://example.org/x';
const unknownMunicipality =
	'comune-sbagliato;IMP-4;Comune sbagliato;1;;;;;048017;;;;;Fonte;https://example.org/y';
const seed = 'psl-2003-musa;PSL2003-4;MuSA rinominato;6;;;;;046024;;;;;Fonte;https://example.org/z';

describe.each(ENGINES)('intervention importer on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const count = async () =>
		(await db.query<{ count: number }>('select count(*)::int4 as count from intervention'))[0]
			.count;
	const run = (content: string, dryRun: boolean, format: 'csv' | 'geojson' = 'csv') =>
		importInterventions(db, content, { format, dryRun, actor: 'test import', lang: 'it' });

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('a dry run reports accepted and rejected rows, with the reason in Italian, and changes nothing', async () => {
		const before = await count();
		const report = await run(
			csv(good, alsoGood, costWithoutSource, unknownMunicipality, seed),
			true
		);
		expect(report.accepted).toEqual([
			{ row: 1, id: 'pista-ciclabile-serchio', action: 'insert' },
			{ row: 2, id: 'ponte-calavorno-nuovo', action: 'insert' }
		]);
		expect(report.rejected).toEqual([
			{
				row: 3,
				id: 'costo-senza-fonte',
				field: 'cost_source',
				message: 'un costo richiede la sua fonte (cost_source)'
			},
			{
				row: 4,
				id: 'comune-sbagliato',
				field: 'municipalities.0',
				message: '048017 non è un comune della provincia'
			},
			{
				row: 5,
				id: 'psl-2003-musa',
				field: 'id',
				message: expect.stringContaining('si corregge in geodata/')
			}
		]);
		expect(formatImportReport(report, 'it')[0]).toBe('2 righe accettate, 3 rifiutate.');
		expect(await count()).toBe(before);
	});

	it('saves the accepted rows, and only them, with amounts as an Italian spreadsheet writes them', async () => {
		const before = await count();
		await run(csv(good, alsoGood, costWithoutSource), false);
		expect(await count()).toBe(before + 2);
		const [bike] = await db.query<{ cost_eur: string; amount: string; origin: string }>(
			`select i.cost_eur, f.amount_eur as amount, i.origin from intervention i
			 join funding_line f on f.intervention_id = i.id where i.id = 'pista-ciclabile-serchio'`
		);
		expect(Number(bike.cost_eur)).toBe(1_250_000);
		expect(Number(bike.amount)).toBe(1_000_000);
		expect(bike.origin).toBe('import');
		const [bridge] = await db.query<{ municipalities: string[]; resolves: string }>(
			`select (select array_agg(istat order by istat) from intervention_municipality where intervention_id = i.id) as municipalities,
				(select feature_id from intervention_feature where intervention_id = i.id) as resolves
			 from intervention i where i.id = 'ponte-calavorno-nuovo'`
		);
		// Its own municipality plus those of the bottleneck it resolves.
		expect(bridge.municipalities).toEqual(['046002', '046011']);
		expect(bridge.resolves).toBe('ponte-di-calavorno');
		expect(
			(await db.query(`select 1 from intervention where id = 'costo-senza-fonte'`)).length
		).toBe(0);
		const [history] = await db.query<{ changed_by: string }>(
			`select changed_by from intervention_change where intervention_id = 'pista-ciclabile-serchio' and operation = 'insert'`
		);
		expect(history.changed_by).toBe('test import');
	});

	it('importing the same row again with a new status updates it and records the change', async () => {
		const report = await run(csv(good.replace(';planned;', ';financed;')), false);
		expect(report.accepted).toEqual([{ row: 1, id: 'pista-ciclabile-serchio', action: 'update' }]);
		const [change] = await db.query<{ changes: { status: unknown } }>(
			`select changes from intervention_change where intervention_id = 'pista-ciclabile-serchio'
			 and operation = 'update' order by id desc limit 1`
		);
		expect(change.changes.status).toEqual({ from: 'planned', to: 'financed' });
	});

	it('takes GeoJSON with the intervention’s own geometry', async () => {
		const geojson = JSON.stringify({
			type: 'FeatureCollection',
			features: [
				{
					type: 'Feature',
					properties: {
						id: 'dorsale-fibra-garfagnana',
						code: 'IMP-5',
						title_it: 'Dorsale in fibra della Garfagnana',
						primary_ambito: 3,
						municipalities: ['046009'],
						sources: [{ title: 'Proposta', url: 'https://example.org/p' }]
					},
					geometry: {
						type: 'LineString',
						coordinates: [
							[10.41, 44.11],
							[10.45, 44.07]
						]
					}
				}
			]
		});
		const report = await run(geojson, false, 'geojson');
		expect(report.rejected).toEqual([]);
		const [row] = await db.query<{ type: string }>(
			`select GeometryType(geom) as type from intervention where id = 'dorsale-fibra-garfagnana'`
		);
		expect(row.type).toBe('LINESTRING');
	});

	it('refuses a file it cannot read, changing nothing', async () => {
		const before = await count();
		await expect(run('nome,cognome\nMario,Rossi', false)).rejects.toThrow(ImportFileError);
		await expect(run('{"type":"Feature"}', false, 'geojson')).rejects.toThrow(ImportFileError);
		expect(await count()).toBe(before);
	});
});
