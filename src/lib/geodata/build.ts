import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MultiPolygon } from 'geojson';
import { GeodataError } from './errors.ts';
import { fetchSource } from './fetch-source.ts';
import { parseManifest, type SourceId } from './manifest.ts';
import { parseMunicipalBoundaries } from './municipalities.ts';
import { parsePopulationCsv } from './population.ts';
import { parseRegionBoundaries } from './regions.ts';

export const ATLAS_DATA_FORMAT = 1;

export interface SourceRecord {
	id: SourceId;
	title: string;
	upstream: string;
	version: string;
	readFrom: 'upstream' | 'mirror';
	sha256: string;
	licence: string;
	attribution: string;
	owner: string;
}

export interface AtlasData {
	format: typeof ATLAS_DATA_FORMAT;
	province: string;
	provinceName: string | null;
	sources: SourceRecord[];
	municipalities: Array<{
		istat: string;
		name: string;
		areaKm2: number;
		population: number | null;
		populationYear: number | null;
		geometry: MultiPolygon;
	}>;
	regions: Array<{ code: string; name: string; geometry: MultiPolygon }>;
}

export interface BuildOptions {
	/** ISTAT province code, 3 digits (046 = Lucca). */
	province: string;
	mirrorDir: string;
	manifestFile: string;
	offline?: boolean;
	log?: (line: string) => void;
}

export async function buildAtlasData(options: BuildOptions): Promise<AtlasData> {
	const { province, mirrorDir } = options;
	if (!/^\d{3}$/.test(province)) {
		throw new GeodataError(
			'GEODATA_PROVINCE',
			`"${province}" is not a 3-digit ISTAT province code`
		);
	}
	const log = options.log ?? (() => {});
	const manifest = parseManifest(
		await readFile(options.manifestFile, 'utf8'),
		options.manifestFile
	);
	const fetchOptions = { province, mirrorDir, offline: options.offline };
	const sources: SourceRecord[] = [];

	const read = async (id: SourceId) => {
		const source = manifest.sources[id];
		const fetched = await fetchSource(source, fetchOptions);
		log(
			`${id}: ${fetched.readFrom === fetched.upstream ? 'upstream' : 'mirror'} ${fetched.readFrom}`
		);
		sources.push({
			id,
			title: source.title,
			upstream: fetched.upstream,
			version: source.version,
			readFrom: fetched.readFrom === fetched.upstream ? 'upstream' : 'mirror',
			sha256: fetched.sha256,
			licence: source.licence,
			attribution: source.attribution,
			owner: source.owner
		});
		return fetched;
	};

	const boundariesFile = await read('municipal-boundaries');
	const boundaries = parseMunicipalBoundaries(boundariesFile.text, {
		file: boundariesFile.readFrom,
		province
	});
	const populationFile = await read('population-2021');
	const residents = parsePopulationCsv(populationFile.text, {
		file: populationFile.readFrom,
		province
	});
	const populationYear = manifest.sources['population-2021'].referenceYear;
	for (const code of residents.keys()) {
		if (!boundaries.some((b) => b.istat === code)) {
			throw new GeodataError(
				populationFile.readFrom,
				`ISTAT code ${code} is not a municipality of province ${province}`,
				{
					record: code,
					field: 'pro_com'
				}
			);
		}
	}
	const missing = boundaries.filter((b) => !residents.has(b.istat));
	if (missing.length > 0) {
		log(
			`population-2021: no figure for ${missing.length} municipalities (shown as "dato non disponibile")`
		);
	}
	const regionsFile = await read('regional-boundaries');
	const regions = parseRegionBoundaries(regionsFile.text, { file: regionsFile.readFrom });

	return {
		format: ATLAS_DATA_FORMAT,
		province,
		provinceName: boundaries[0]?.provinceName ?? null,
		sources,
		municipalities: boundaries
			.map((b) => ({
				istat: b.istat,
				name: b.name,
				areaKm2: b.areaKm2,
				population: residents.get(b.istat) ?? null,
				populationYear: residents.has(b.istat) ? populationYear : null,
				geometry: b.geometry
			}))
			.sort((a, b) => a.istat.localeCompare(b.istat)),
		regions
	};
}

export async function writeAtlasData(data: AtlasData, outFile: string): Promise<void> {
	await mkdir(path.dirname(outFile), { recursive: true });
	await writeFile(outFile, JSON.stringify(data));
}
