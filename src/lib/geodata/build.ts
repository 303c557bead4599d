import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MultiPolygon } from 'geojson';
import { parseAgcomReport, snapshotDateFromFileName, type BroadbandRecord } from './agcom.ts';
import { GeodataError } from './errors.ts';
import { parseLayerCatalogue, type LayerEntry } from './layer-catalogue.ts';
import { parseCuratedFile, type CuratedProperties } from './curated.ts';
import {
	parseInterventionsFile,
	parsePnrrLocalisations,
	type Intervention
} from './interventions.ts';
import { parseRfiNetwork, parseTrenitaliaStations } from './rail.ts';
import { parseDistricts } from './districts.ts';
import { parseItineraries } from './itineraries.ts';
import type { Geometry, Point } from 'geojson';
import { fetchSource, sha256Of } from './fetch-source.ts';
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
	layers: LayerEntry[];
	layerFeatures: Array<{ layer: string; properties: CuratedProperties; geometry: Geometry }>;
	/** Interventions of the plan from public sources (curated file and OpenCUP). */
	interventions: Intervention[];
	broadband: {
		snapshots: Array<{ date: string; file: string; upstream: string; sha256: string }>;
		records: Array<BroadbandRecord & { snapshot: string }>;
	};
}

/** RFI's TrattePC2026 download date, as its file header states; the ViaggiaTreno dump's year. */
const RFI_NETWORK_DATE = '2026-09-25';
const TRENITALIA_STATIONS_DATE = '2022';

/** Hand-curated files in geodata/curated: which layer each feeds, and what it may contain. */
export const CURATED_FILES: Array<{
	layer: string;
	file: string;
	kinds: string[];
	geometryTypes: Geometry['type'][];
}> = [
	{
		layer: 'technology-poles',
		file: 'technology-poles.geojson',
		kinds: ['technology-pole'],
		geometryTypes: ['Point']
	},
	{
		layer: 'puccini',
		file: 'puccini-places.geojson',
		kinds: ['puccini-place'],
		geometryTypes: ['Point']
	},
	{
		layer: 'bottlenecks',
		file: 'bottlenecks.geojson',
		kinds: ['bottleneck'],
		geometryTypes: ['Point', 'LineString']
	}
];

export interface BuildOptions {
	/** ISTAT province code, 3 digits (046 = Lucca). */
	province: string;
	mirrorDir: string;
	manifestFile: string;
	/** geodata/layers.json: the layer catalogue. */
	layersFile: string;
	/** geodata/curated: hand-curated records, in a folder per province (046/), one file per layer. */
	curatedDir: string;
	/** Extra AGCOM "Reportistica_YYMMDD_Comuni.csv" snapshots dropped in by hand (a new quarter). */
	agcomDropDir?: string;
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

	const readBroadband = async (): Promise<AtlasData['broadband']> => {
		const source = manifest.sources['broadband-agcom'];
		const snapshots: AtlasData['broadband']['snapshots'] = [];
		const records: AtlasData['broadband']['records'] = [];
		let readFromMirror = false;
		const add = (text: string, file: string, readFrom: string, upstream: string) => {
			const date = snapshotDateFromFileName(file);
			if (!date)
				throw new GeodataError(
					readFrom,
					'the file name does not give the snapshot date (Reportistica_YYMMDD_Comuni.csv)'
				);
			if (snapshots.some((s) => s.date === date)) {
				log(`broadband-agcom: ${file} repeats snapshot ${date}, skipped`);
				return;
			}
			const rows = parseAgcomReport(text, { file: readFrom, province });
			for (const row of rows) {
				if (!known.has(row.istat)) {
					throw new GeodataError(
						readFrom,
						`ISTAT code ${row.istat} is not a municipality of province ${province}`,
						{
							record: row.istat,
							field: 'pro_com'
						}
					);
				}
			}
			snapshots.push({ date, file, upstream, sha256: sha256Of(text) });
			records.push(...rows.map((row) => ({ ...row, snapshot: date })));
		};
		for (const file of Object.keys(source.files).sort()) {
			const fetched = await fetchSource(source, { ...fetchOptions, file });
			readFromMirror ||= fetched.readFrom !== fetched.upstream;
			log(`broadband-agcom: ${readFromMirror ? 'mirror' : 'upstream'} ${fetched.readFrom}`);
			add(fetched.text, file, fetched.readFrom, fetched.upstream);
		}
		if (options.agcomDropDir) {
			const dropped = await readdir(options.agcomDropDir).catch(() => [] as string[]);
			for (const file of dropped.filter((f) => snapshotDateFromFileName(f)).sort()) {
				const readFrom = path.join(options.agcomDropDir, file);
				log(`broadband-agcom: added snapshot ${readFrom}`);
				add(await readFile(readFrom, 'utf8'), file, readFrom, source.homepage ?? source.upstream);
			}
		}
		sources.push({
			id: 'broadband-agcom',
			title: source.title,
			upstream: source.homepage ?? source.upstream,
			version: source.version,
			readFrom: readFromMirror ? 'mirror' : 'upstream',
			sha256: sha256Of(snapshots.map((s) => s.sha256).join()),
			licence: source.licence,
			attribution: source.attribution,
			owner: source.owner
		});
		snapshots.sort((a, b) => a.date.localeCompare(b.date));
		return { snapshots, records };
	};

	const boundariesFile = await read('municipal-boundaries');
	const boundaries = parseMunicipalBoundaries(boundariesFile.text, {
		file: boundariesFile.readFrom,
		province
	});
	const known = new Set(boundaries.map((b) => b.istat));
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
	const broadband = await readBroadband();
	const regionsFile = await read('regional-boundaries');
	const regions = parseRegionBoundaries(regionsFile.text, { file: regionsFile.readFrom });

	const railFeatures = async (): Promise<AtlasData['layerFeatures']> => {
		const context = boundaries.map((b) => ({ istat: b.istat, geometry: b.geometry }));
		const network = await read('rail-network-rfi');
		const stations = await read('stations-trenitalia');
		const describe = (
			id: 'rail-network-rfi' | 'stations-trenitalia',
			upstream: string,
			date: string
		) => {
			const source = manifest.sources[id];
			return { source: upstream, source_date: date, licence: source.licence, owner: source.owner };
		};
		// A generated rail feature, described like a curated one: where it is from and how precise.
		const asLayerFeature =
			(precision: string, described: ReturnType<typeof describe>) =>
			(f: ReturnType<typeof parseRfiNetwork>[number]): AtlasData['layerFeatures'][number] => ({
				layer: 'bottlenecks',
				properties: {
					...f.properties,
					id: f.id,
					name: f.name,
					kind: f.kind,
					municipalities: f.municipalities,
					precision,
					...described
				},
				geometry: f.geometry
			});
		return [
			// RFI's own network geometry, as published.
			...parseRfiNetwork(network.text, { file: network.readFrom, municipalities: context }).map(
				asLayerFeature('surveyed', describe('rail-network-rfi', network.upstream, RFI_NETWORK_DATE))
			),
			// One point per station, as ViaggiaTreno gives it.
			...parseTrenitaliaStations(stations.text, {
				file: stations.readFrom,
				municipalities: context
			}).map(
				asLayerFeature(
					'address-level',
					describe('stations-trenitalia', stations.upstream, TRENITALIA_STATIONS_DATE)
				)
			)
		];
	};

	const layers = parseLayerCatalogue(
		await readFile(options.layersFile, 'utf8'),
		options.layersFile
	);
	const readCurated = async () => {
		const context = {
			province,
			municipalities: boundaries.map((b) => ({ istat: b.istat, geometry: b.geometry }))
		};
		const features: AtlasData['layerFeatures'] = [];
		const dir = path.join(options.curatedDir, province);
		const present = await readdir(dir).catch(() => [] as string[]);
		if (present.length === 0) log(`curated: no records for province ${province} (${dir})`);
		for (const entry of CURATED_FILES) {
			if (!present.includes(entry.file)) continue;
			if (!layers.some((l) => l.id === entry.layer)) {
				throw new GeodataError(
					options.layersFile,
					`no catalogue entry for layer "${entry.layer}"`,
					{ field: 'layers' }
				);
			}
			const file = path.join(dir, entry.file);
			const parsed = parseCuratedFile(await readFile(file, 'utf8'), {
				file,
				kinds: entry.kinds,
				geometryTypes: entry.geometryTypes,
				context
			});
			features.push(...parsed.map((f) => ({ layer: entry.layer, ...f })));
			log(`curated: ${parsed.length} records from ${path.basename(file)}`);
		}
		if (present.includes('puccini-itineraries.json')) {
			const file = path.join(dir, 'puccini-itineraries.json');
			const places = features
				.filter((f) => f.layer === 'puccini' && f.geometry.type === 'Point')
				.map((f) => ({
					id: f.properties.id,
					name: f.properties.name,
					coordinates: (f.geometry as Point).coordinates,
					estimated: f.properties.precision.startsWith('estimated'),
					municipalities: f.properties.municipalities
				}));
			const itineraries = parseItineraries(await readFile(file, 'utf8'), { file, places });
			for (const itinerary of itineraries) {
				features.push({
					layer: 'puccini',
					properties: {
						...itinerary.properties,
						kind: 'itinerary',
						itineraries: [itinerary.properties.id]
					},
					geometry: itinerary.geometry
				});
			}
			// Each place knows the itineraries that stop there, so filtering by itinerary is one lookup.
			for (const place of features.filter(
				(f) => f.layer === 'puccini' && f.properties.kind === 'puccini-place'
			)) {
				place.properties = {
					...place.properties,
					itineraries: itineraries
						.filter((i) => i.properties.stops.some((stop) => stop.id === place.properties.id))
						.map((i) => i.properties.id)
				};
			}
			log(`curated: itineraries from ${path.basename(file)}`);
		}
		if (present.includes('districts.json')) {
			const file = path.join(dir, 'districts.json');
			for (const { district, geometry } of parseDistricts(await readFile(file, 'utf8'), {
				file,
				province,
				municipalities: context.municipalities
			})) {
				const { members, ...rest } = district;
				features.push({
					layer: 'districts',
					properties: { ...rest, kind: 'district', municipalities: members },
					geometry
				});
			}
			log(`curated: districts from ${path.basename(file)}`);
		}
		return features;
	};

	const layerFeatures = [...(await railFeatures()), ...(await readCurated())];

	const readInterventions = async (): Promise<Intervention[]> => {
		const context = {
			municipalities: new Set(boundaries.map((b) => b.istat)),
			features: new Map(
				layerFeatures.map((f) => [`${f.layer}/${f.properties.id}`, f.properties.municipalities])
			)
		};
		const file = path.join(options.curatedDir, province, 'interventions.json');
		const curated = await readFile(file, 'utf8')
			.then((text) => parseInterventionsFile(text, file, context))
			.catch((error: NodeJS.ErrnoException) => {
				if (error.code === 'ENOENT') return [];
				throw error;
			});
		const pnrr = await read('pnrr-opencup');
		const source = manifest.sources['pnrr-opencup'];
		const fromOpenCup = parsePnrrLocalisations(pnrr.text, {
			file: pnrr.readFrom,
			province,
			upstream: source.homepage ?? pnrr.upstream,
			date: String(source.referenceYear ?? '')
		}).filter((i) => !curated.some((c) => c.cup === i.cup));
		log(
			`interventions: ${curated.length} curated, ${fromOpenCup.length} PNRR projects from OpenCUP`
		);
		return [...curated, ...fromOpenCup];
	};

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
		regions,
		layers,
		layerFeatures,
		interventions: await readInterventions(),
		broadband
	};
}

export async function writeAtlasData(data: AtlasData, outFile: string): Promise<void> {
	await mkdir(path.dirname(outFile), { recursive: true });
	await writeFile(outFile, JSON.stringify(data));
}
