// Builds geodata/build/atlas-data.json, which the server loads into the database.
// Usage: node geodata/build.ts   (GEODATA_PROVINCE=046, GEODATA_MIRROR=../shared/geodata, GEODATA_OFFLINE=1,
// GEODATA_AGCOM_DIR=geodata/agcom for extra AGCOM snapshots)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAtlasData, writeAtlasData } from '../src/lib/geodata/build.ts';
import { GeodataError } from '../src/lib/geodata/errors.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const province = process.env.GEODATA_PROVINCE ?? '046';
const mirrorDir = path.resolve(root, process.env.GEODATA_MIRROR ?? '../shared/geodata');
const outFile = path.resolve(root, process.env.GEODATA_OUT ?? 'geodata/build/atlas-data.json');

try {
	const started = performance.now();
	const data = await buildAtlasData({
		province,
		mirrorDir,
		manifestFile: path.join(here, 'manifest.json'),
		layersFile: path.join(here, 'layers.json'),
		curatedDir: path.join(here, 'curated'),
		agcomDropDir: path.resolve(root, process.env.GEODATA_AGCOM_DIR ?? 'geodata/agcom'),
		offline: process.env.GEODATA_OFFLINE === '1',
		log: (line) => console.log(`geodata: ${line}`)
	});
	await writeAtlasData(data, outFile);
	console.log(
		`geodata: ${data.municipalities.length} municipalities of province ${province} (${data.provinceName}) -> ${path.relative(root, outFile)} in ${Math.round(performance.now() - started)} ms`
	);
} catch (error) {
	if (error instanceof GeodataError) {
		console.error(`geodata build failed: ${error.message}`);
		process.exit(1);
	}
	throw error;
}
