import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MultiPolygon } from 'geojson';
import { parseAmbitoStatements, type AmbitoStatement } from './ambito-statements.ts';
import { parseAgcomReport, snapshotDateFromFileName, type BroadbandRecord } from './agcom.ts';
import { GeodataError } from './errors.ts';
import { parseLayerCatalogue, type LayerEntry } from './layer-catalogue.ts';
import { parseCuratedFile, type CuratedProperties } from './curated.ts';
import {
	parseInterventionsFile,
	parsePnrrLocalisations,
	pnrrLocalisationRows,
	type Intervention
} from './interventions.ts';
import { parseRfiNetwork, parseTrenitaliaStations } from './rail.ts';
import { parseDistricts } from './districts.ts';
import { parseItineraries } from './itineraries.ts';
import type { Geometry, Point } from 'geojson';
import { fetchSource, sha256Of } from './fetch-source.ts';
import { parseManifest, type Bilingual, type Source, type SourceId } from './manifest.ts';
import { parseMunicipalBoundaries } from './municipalities.ts';
import { parsePopulationCsv } from './population.ts';
import { hasPnrrWorkColumns, parsePnrrWorks, withPnrrWorks } from './pnrr-works.ts';
import { parseRegionBoundaries } from './regions.ts';
import {
	countPnrrProjects,
	joinNationalContext,
	parseProvinceBoundaries,
	type NationalContext
} from './national.ts';

export const ATLAS_DATA_FORMAT = 1;

/** Sources read in several files and recorded as one (the boundaries of all 107 provinces). */
export type CombinedSourceId = 'municipal-boundaries-italy';

export interface SourceRecord {
	id: SourceId | CombinedSourceId;
	title: Bilingual;
	upstream: string;
	version: Bilingual;
	readFrom: 'upstream' | 'mirror';
	sha256: string;
	licence: Bilingual;
	attribution: Bilingual;
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
	/** What the plan's sources say of each ambito (curated). */
	ambitoStatements: AmbitoStatement[];
	/** Every Italian municipality's boundary and figures, for comparisons; null when not built. */
	nationalContext: NationalContext | null;
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
	/** false leaves out the national context (every Italian municipality): quicker, for tests. */
	national?: boolean;
	log?: (line: string) => void;
}

/** One build under way: its options, the manifest, the sources read so far and the log. */
interface Build {
	options: BuildOptions;
	province: string;
	manifest: ReturnType<typeof parseManifest>;
	fetchOptions: { province: string; mirrorDir: string; offline?: boolean };
	sources: SourceRecord[];
	log: (line: string) => void;
}

/** The municipalities of the province with their residents: what every later step checks against. */
interface Municipalities {
	boundaries: ReturnType<typeof parseMunicipalBoundaries>;
	residents: ReturnType<typeof parsePopulationCsv>;
	populationYear: number;
	known: Set<string>;
}

/** What the steps produce; a later step reads what an earlier one made. */
interface Parts {
	municipalities: Municipalities;
	broadband: AtlasData['broadband'];
	regions: AtlasData['regions'];
	layers: LayerEntry[];
	layerFeatures: AtlasData['layerFeatures'];
	interventions: Intervention[];
	ambitoStatements: AmbitoStatement[];
	nationalContext: NationalContext;
}

/** One step of the build: it reads its sources, parses and validates them, and makes one part. */
interface BuildStep<K extends keyof Parts = keyof Parts> {
	makes: K;
	/** Steps left out of a build on request (the national context: large, and not every test needs it). */
	optional?: true;
	run(build: Build, parts: Partial<Parts>): Promise<Parts[K]>;
}

const step = <K extends keyof Parts>(s: BuildStep<K>): BuildStep => s as unknown as BuildStep;

/** A part an earlier step makes: asking before it is made is a mistake in the list's order. */
function need<K extends keyof Parts>(parts: Partial<Parts>, key: K): Parts[K] {
	const part = parts[key];
	if (part === undefined) throw new Error(`build step order: "${key}" is needed before it is made`);
	return part;
}

/**
 * The build, as a list of sources in the order they depend on each other. A new source is one
 * entry; a step that refines an earlier part (the ReGiS works complete the interventions) makes
 * it again.
 */
export const BUILD_STEPS: BuildStep[] = [
	step({ makes: 'municipalities', run: (build) => readMunicipalities(build) }),
	step({
		makes: 'broadband',
		run: (build, parts) => readBroadband(build, need(parts, 'municipalities').known)
	}),
	step({ makes: 'regions', run: (build) => readRegions(build) }),
	step({ makes: 'layers', run: (build) => readLayerCatalogue(build) }),
	step({
		makes: 'layerFeatures',
		run: async (build, parts) => [
			...(await readRailFeatures(build, need(parts, 'municipalities'))),
			...(await readCuratedFeatures(build, need(parts, 'municipalities'), need(parts, 'layers')))
		]
	}),
	step({
		makes: 'interventions',
		run: (build, parts) =>
			readInterventions(build, need(parts, 'municipalities'), need(parts, 'layerFeatures'))
	}),
	step({
		makes: 'interventions',
		run: (build, parts) =>
			readPnrrWorks(build, need(parts, 'municipalities'), need(parts, 'interventions'))
	}),
	step({ makes: 'ambitoStatements', run: (build) => readAmbitoStatements(build) }),
	step({
		makes: 'nationalContext',
		optional: true,
		run: (build, parts) => readNationalContext(build, need(parts, 'municipalities'))
	})
];

/**
 * The atlas's data from its sources: each step reads what it needs (upstream, or the mirror),
 * checks it against what the earlier steps found, and records where it came from.
 */
export async function buildAtlasData(options: BuildOptions): Promise<AtlasData> {
	const build = await startBuild(options);
	const parts: Partial<Parts> = {};
	for (const s of BUILD_STEPS) {
		if (s.optional && options.national === false) continue;
		(parts as Record<string, unknown>)[s.makes] = await s.run(build, parts);
	}
	return assemble(build, parts);
}

function assemble(build: Build, parts: Partial<Parts>): AtlasData {
	const { boundaries, residents, populationYear } = need(parts, 'municipalities');
	return {
		format: ATLAS_DATA_FORMAT,
		province: build.province,
		provinceName: boundaries[0]?.provinceName ?? null,
		sources: build.sources,
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
		regions: need(parts, 'regions'),
		layers: need(parts, 'layers'),
		layerFeatures: need(parts, 'layerFeatures'),
		interventions: need(parts, 'interventions'),
		ambitoStatements: need(parts, 'ambitoStatements'),
		broadband: need(parts, 'broadband'),
		nationalContext: parts.nationalContext ?? null
	};
}

async function startBuild(options: BuildOptions): Promise<Build> {
	const { province, mirrorDir } = options;
	if (!/^\d{3}$/.test(province)) {
		throw new GeodataError(
			'GEODATA_PROVINCE',
			`"${province}" is not a 3-digit ISTAT province code`
		);
	}
	const manifest = parseManifest(
		await readFile(options.manifestFile, 'utf8'),
		options.manifestFile
	);
	return {
		options,
		province,
		manifest,
		fetchOptions: { province, mirrorDir, offline: options.offline },
		sources: [],
		log: options.log ?? (() => {})
	};
}

/** One source of the manifest, fetched (upstream or mirror) and recorded among the build's sources. */
async function readSource(build: Build, id: SourceId, accepts?: (text: string) => boolean) {
	const source = build.manifest.sources[id];
	const fetched = await fetchSource(source, { ...build.fetchOptions, accepts });
	build.log(
		`${id}: ${fetched.readFrom === fetched.upstream ? 'upstream' : 'mirror'} ${fetched.readFrom}`
	);
	build.sources.push({
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
}

/** A source read as several files, recorded once: its checksum is over the files' checksums. */
function recordCombinedSource(
	build: Build,
	id: SourceRecord['id'],
	source: Source,
	read: { title?: Bilingual; upstream: string; fromMirror: boolean; sha256s: string[] }
) {
	build.sources.push({
		id,
		title: read.title ?? source.title,
		upstream: read.upstream,
		version: source.version,
		readFrom: read.fromMirror ? 'mirror' : 'upstream',
		sha256: sha256Of(read.sha256s.join()),
		licence: source.licence,
		attribution: source.attribution,
		owner: source.owner
	});
}

async function readMunicipalities(build: Build): Promise<Municipalities> {
	const { province } = build;
	const boundariesFile = await readSource(build, 'municipal-boundaries');
	const boundaries = parseMunicipalBoundaries(boundariesFile.text, {
		file: boundariesFile.readFrom,
		province
	});
	const known = new Set(boundaries.map((b) => b.istat));
	const populationFile = await readSource(build, 'population-2021');
	const residents = parsePopulationCsv(populationFile.text, {
		file: populationFile.readFrom,
		province
	});
	for (const code of residents.keys()) {
		if (!known.has(code)) {
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
		build.log(
			`population-2021: no figure for ${missing.length} municipalities (shown as "dato non disponibile")`
		);
	}
	return {
		boundaries,
		residents,
		populationYear: build.manifest.sources['population-2021'].referenceYear,
		known
	};
}

/** Every AGCOM snapshot of the manifest, and any dropped in by hand (a new quarter). */
async function readBroadband(build: Build, known: Set<string>): Promise<AtlasData['broadband']> {
	const { options, province, log } = build;
	const source = build.manifest.sources['broadband-agcom'];
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
		const fetched = await fetchSource(source, { ...build.fetchOptions, file });
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
	recordCombinedSource(build, 'broadband-agcom', source, {
		upstream: source.homepage ?? source.upstream,
		fromMirror: readFromMirror,
		sha256s: snapshots.map((s) => s.sha256)
	});
	snapshots.sort((a, b) => a.date.localeCompare(b.date));
	return { snapshots, records };
}

async function readLayerCatalogue(build: Build): Promise<LayerEntry[]> {
	const file = build.options.layersFile;
	return parseLayerCatalogue(await readFile(file, 'utf8'), file);
}

async function readRegions(build: Build): Promise<AtlasData['regions']> {
	const regionsFile = await readSource(build, 'regional-boundaries');
	return parseRegionBoundaries(regionsFile.text, { file: regionsFile.readFrom });
}

/** RFI's network and Trenitalia's stations, described like curated features. */
async function readRailFeatures(
	build: Build,
	{ boundaries }: Municipalities
): Promise<AtlasData['layerFeatures']> {
	const context = boundaries.map((b) => ({ istat: b.istat, geometry: b.geometry }));
	const network = await readSource(build, 'rail-network-rfi');
	const stations = await readSource(build, 'stations-trenitalia');
	const describe = (
		id: 'rail-network-rfi' | 'stations-trenitalia',
		upstream: string,
		date: string
	) => {
		const source = build.manifest.sources[id];
		return {
			source: upstream,
			source_date: date,
			licence: source.licence.it,
			licence_en: source.licence.en,
			owner: source.owner,
			owner_en: source.owner
		};
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
}

/** The hand-curated layers of geodata/curated/<province>: points and lines, itineraries, districts. */
async function readCuratedFeatures(
	build: Build,
	{ boundaries }: Municipalities,
	layers: LayerEntry[]
): Promise<AtlasData['layerFeatures']> {
	const { options, province, log } = build;
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
			throw new GeodataError(options.layersFile, `no catalogue entry for layer "${entry.layer}"`, {
				field: 'layers'
			});
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
	if (present.includes('puccini-itineraries.json'))
		features.push(
			...(await readItineraries(build, path.join(dir, 'puccini-itineraries.json'), features))
		);
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
}

/**
 * The Puccini itineraries through the curated places; each place learns the itineraries that stop
 * there (so filtering by itinerary is one lookup).
 */
async function readItineraries(
	build: Build,
	file: string,
	features: AtlasData['layerFeatures']
): Promise<AtlasData['layerFeatures']> {
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
	build.log(`curated: itineraries from ${path.basename(file)}`);
	return itineraries.map((itinerary) => ({
		layer: 'puccini',
		properties: {
			...itinerary.properties,
			kind: 'itinerary',
			itineraries: [itinerary.properties.id]
		},
		geometry: itinerary.geometry
	}));
}

/** The curated interventions, and the PNRR projects OpenCUP locates in the province. */
async function readInterventions(
	build: Build,
	{ known }: Municipalities,
	layerFeatures: AtlasData['layerFeatures']
): Promise<Intervention[]> {
	const { options, province } = build;
	const context = {
		municipalities: known,
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
	const pnrr = await readSource(build, 'pnrr-opencup');
	const source = build.manifest.sources['pnrr-opencup'];
	const fromOpenCup = parsePnrrLocalisations(pnrr.text, {
		file: pnrr.readFrom,
		province,
		upstream: source.homepage ?? pnrr.upstream,
		date: String(source.referenceYear ?? '')
	}).filter((i) => !curated.some((c) => c.cup === i.cup));
	build.log(
		`interventions: ${curated.length} curated, ${fromOpenCup.length} PNRR projects from OpenCUP`
	);
	return [...curated, ...fromOpenCup];
}

/**
 * The PNRR works the Region publishes with their ReGiS phase and PNRR amount: they complete the
 * interventions with the same CUP and add the others, located in their municipality.
 */
async function readPnrrWorks(
	build: Build,
	{ boundaries }: Municipalities,
	interventions: Intervention[]
): Promise<Intervention[]> {
	const file = await readSource(build, 'pnrr-regis-toscana', hasPnrrWorkColumns);
	const source = build.manifest.sources['pnrr-regis-toscana'];
	const works = parsePnrrWorks(file.text, {
		file: file.readFrom,
		province: build.province,
		municipalities: new Map(boundaries.map((b) => [b.istat, b.name]))
	});
	const matched = works.filter((w) => interventions.some((i) => i.cup === w.cup)).length;
	build.log(
		`pnrr-regis-toscana: ${works.length} works, ${matched} completing an intervention with the same CUP, ${works.length - matched} added`
	);
	return withPnrrWorks(interventions, works, {
		url: source.homepage ?? file.upstream,
		title: 'Regione Toscana – Open Data PNRR (ReGiS)'
	});
}

/** What the plan's sources say of each ambito: context, strengths, weaknesses (curated). */
async function readAmbitoStatements(build: Build): Promise<AmbitoStatement[]> {
	const file = path.join(build.options.curatedDir, build.province, 'ambito-statements.json');
	const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return null;
		throw error;
	});
	if (text === null) return [];
	const statements = parseAmbitoStatements(text, file);
	build.log(`curated: ${statements.length} statements on the ambiti from ${path.basename(file)}`);
	return statements;
}

export async function writeAtlasData(data: AtlasData, outFile: string): Promise<void> {
	await mkdir(path.dirname(outFile), { recursive: true });
	await writeFile(outFile, JSON.stringify(data));
}

/**
 * Every Italian municipality, for comparisons: the boundaries of all provinces, FTTH coverage from
 * AGCOM's latest pinned snapshot (the reports are national) and PNRR projects from OpenCUP's
 * national file; one pass over the mirror.
 */
async function readNationalContext(
	build: Build,
	{ residents }: Municipalities
): Promise<NationalContext> {
	const { manifest, log } = build;
	const source = manifest.sources['municipal-boundaries'];
	const boundaries: ReturnType<typeof parseProvinceBoundaries> = [];
	const read: Array<{ readFrom: string; upstream: string; sha256: string }> = [];
	for (const province of Object.keys(source.sha256 ?? {}).sort()) {
		const fetched = await fetchSource(source, { ...build.fetchOptions, province });
		boundaries.push(...parseProvinceBoundaries(fetched.text, { file: fetched.readFrom, province }));
		read.push(fetched);
	}
	recordCombinedSource(build, 'municipal-boundaries-italy', source, {
		title: {
			it: 'Confini comunali di tutta Italia (contesto nazionale)',
			en: 'Municipal boundaries of all Italy (national context)'
		},
		// One file per province: the folder that holds them.
		upstream: source.homepage ?? source.upstream,
		fromMirror: read.some((r) => r.readFrom !== r.upstream),
		sha256s: read.map((r) => r.sha256)
	});
	const agcom = manifest.sources['broadband-agcom'];
	const latest = Object.keys(agcom.files).sort().at(-1);
	const snapshot = latest && snapshotDateFromFileName(latest);
	if (!latest || !snapshot)
		throw new GeodataError(build.options.manifestFile, 'no AGCOM snapshot', {
			field: 'sources.broadband-agcom.files'
		});
	const report = await fetchSource(agcom, { ...build.fetchOptions, file: latest });
	const pnrr = await fetchSource(manifest.sources['pnrr-opencup'], build.fetchOptions);
	const joined = joinNationalContext({
		boundaries,
		broadband: parseAgcomReport(report.text, { file: report.readFrom, province: null }),
		broadbandSnapshot: snapshot,
		pnrrProjects: countPnrrProjects(pnrrLocalisationRows(pnrr.text, pnrr.readFrom)),
		residents,
		file: 'municipal-boundaries-italy'
	});
	log(
		`national context: ${joined.municipalities.length} municipalities from ${read.length} province files; ` +
			`AGCOM ${snapshot}: ${joined.municipalities.filter((m) => m.ftthShare !== null).length} with an FTTH share, ` +
			`${joined.unmatchedBroadband.length} report codes without a 2023 boundary; ` +
			`PNRR: ${joined.unmatchedPnrr.length} municipality codes without a 2023 boundary`
	);
	return { broadbandSnapshot: joined.broadbandSnapshot, municipalities: joined.municipalities };
}
