import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAtlasData } from '../../src/lib/geodata/build.ts';

const root = path.resolve(import.meta.dirname, '../..');
const mirrorDir = path.resolve(root, process.env.GEODATA_MIRROR ?? '../shared/geodata');
const build = (province: string, national = false) =>
	buildAtlasData({
		national,
		province,
		mirrorDir,
		manifestFile: path.join(root, 'geodata/manifest.json'),
		layersFile: path.join(root, 'geodata/layers.json'),
		curatedDir: path.join(root, 'geodata/curated'),
		offline: true
	});

describe('buildAtlasData', () => {
	it('builds the Province of Lucca with a population figure for every municipality', async () => {
		const data = await build('046');
		expect(data.provinceName).toBe('Lucca');
		expect(data.municipalities).toHaveLength(33);
		expect(
			data.municipalities.every((m) => m.population !== null && m.populationYear === 2021)
		).toBe(true);
		expect(data.sources.map((s) => s.id).sort()).toEqual([
			'broadband-agcom',
			'municipal-boundaries',
			'pnrr-opencup',
			'pnrr-regis-toscana',
			'population-2021',
			'rail-network-rfi',
			'regional-boundaries',
			'stations-trenitalia'
		]);
		expect(
			data.sources.every((s) => s.readFrom === 'mirror' && /^[0-9a-f]{64}$/.test(s.sha256))
		).toBe(true);
	});

	it('loads every AGCOM snapshot, one record per municipality and snapshot', async () => {
		const data = await build('046');
		expect(data.broadband.snapshots.map((s) => s.date)).toEqual(['2025-03-31', '2025-06-30']);
		expect(data.broadband.records).toHaveLength(66);
		expect(data.layers.map((l) => l.id)).toContain('broadband');
	});

	it('builds another province from configuration alone; unknown residents stay unknown', async () => {
		// Massa-Carrara: the mirror's population extract covers Lucca only.
		const data = await build('045');
		expect(data.provinceName).toBe('Massa-Carrara');
		expect(data.municipalities.length).toBeGreaterThan(10);
		expect(data.municipalities.every((m) => m.istat.startsWith('045'))).toBe(true);
		expect(
			data.municipalities.every((m) => m.population === null && m.populationYear === null)
		).toBe(true);
	});

	it('builds the national context in the same pass, as one more source', async () => {
		const data = await build('046', true);
		const national = data.nationalContext!;
		expect(national.broadbandSnapshot).toBe('2025-06-30');
		expect(national.municipalities).toHaveLength(7899);
		expect(new Set(national.municipalities.map((m) => m.istat)).size).toBe(7899);
		expect(national.municipalities.filter((m) => m.province === '046')).toHaveLength(33);
		expect(data.sources.map((s) => s.id)).toContain('municipal-boundaries-italy');
		// Without it, the build records no national source.
		expect((await build('046')).nationalContext).toBeNull();
	}, 60_000);

	it('rejects a province code that is not 3 digits', async () => {
		await expect(build('46')).rejects.toThrowError(/"46" is not a 3-digit ISTAT province code/);
	});
});
