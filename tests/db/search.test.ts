import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import { ENGINES, loadedDatabase } from '../support/engines.ts';

describe.each(ENGINES)('search on %s', (engine) => {
	let db: Database;
	let drop: () => Promise<void>;
	const search = (q: string) => createAtlas(db).search(q);

	beforeAll(async () => {
		({ db, drop } = await loadedDatabase(engine, inject('postgresUrl')));
	});
	afterAll(async () => drop?.());

	it('finds Capannori despite a typo, first', async () => {
		const [first] = await search('capanori');
		expect(first).toMatchObject({ kind: 'municipality', target: '046007', label: 'Capannori' });
	});
	it('ignores case and accents', async () => {
		for (const q of ['CAPANNORI', 'càpannòri'])
			expect((await search(q))[0].target, q).toBe('046007');
		expect((await search('PESCÀGLIA'))[0]).toMatchObject({ label: 'Pescaglia' });
	});
	it('ranks the exact name before names that contain it', async () => {
		const results = await search('Lucca');
		expect(results[0]).toMatchObject({ kind: 'municipality', label: 'Lucca' });
		const bagni = results.findIndex((r) => r.label === 'Bagni di Lucca');
		expect(bagni).toBeGreaterThan(0);
		expect(results[bagni].score).toBeLessThan(results[0].score);
	});
	it('finds places and interventions, including by CUP code', async () => {
		const musa = await search('musa');
		expect(musa.map((r) => r.kind)).toEqual(expect.arrayContaining(['place', 'intervention']));
		expect((await search('J91H03000190001'))[0]).toMatchObject({
			kind: 'intervention',
			target: 'rfi-1346-pistoia-lucca'
		});
	});
	it('answers nothing for a one-letter query or one that matches nothing, and treats % as text', async () => {
		expect(await search('x')).toEqual([]);
		expect(await search('zzzzqqq')).toEqual([]);
		expect(await search('%%')).toEqual([]);
	});
});
