import facts from '../../../geodata/catalog.json' with { type: 'json' };
import type { Lang } from '../i18n/index.ts';
import {
	DOWNLOAD_FORMATS,
	datasetPageUrl,
	layerDownloadUrl,
	municipalitiesDownloadUrl,
	type DownloadFormat
} from '../downloads.ts';
import type { LayerInfo } from '../types.ts';
import type { Atlas } from './atlas.ts';
import type { Transactional } from './db/index.ts';
import { collectionInfos } from './ogc.ts';

/**
 * The catalogue of the datasets the atlas publishes (the same set as the OGC collections), for
 * people (/dati) and as DCAT-AP_IT in JSON-LD (/api/v1/catalog) for the open-data portals.
 *
 * Properties follow DCAT-AP_IT (AgID, "Linee guida per i cataloghi dati" and the practical guide
 * github.com/giorgialodi/Guida-pratica-DCAT-AP_IT): Catalog requires dct:title, dct:description,
 * dct:publisher, dct:modified and dcat:dataset (foaf:homepage, dct:language recommended); Dataset
 * requires dct:identifier, dct:title, dct:description, dct:modified, dcat:theme, dct:publisher,
 * dct:rightsHolder, dct:accrualPeriodicity and dcat:distribution (dcat:contactPoint, dct:temporal
 * recommended); Distribution requires dct:format, dcat:accessURL and dct:license; a licence is a
 * dct:LicenseDocument with dct:type (ADMS licence type) and foaf:name; an Agent has foaf:name
 * and dct:identifier (its IPA code). Controlled vocabularies: EU data-theme, file-type, frequency
 * and language authority tables (publications.europa.eu/resource/authority/...).
 */

type Text = { it: string; en: string };

/** One dataset as the catalogue shows it, in both languages. */
export interface CatalogEntry {
	id: string;
	title: Text;
	description: Text;
	attribution: Text;
	licence: Text;
	sources: { title: Text; url: string }[];
	/** EU data-theme codes (e.g. TRAN). */
	themes: string[];
	/** The day the atlas's copy last changed (YYYY-MM-DD). */
	modified: string;
	/** The period the data describe, where known. */
	temporal: { start: string; end: string } | null;
	links: { ogc: string; api: string } & Record<DownloadFormat, string>;
}

export interface Catalog {
	modified: string;
	entries: CatalogEntry[];
}

const AUTHORITY = 'http://publications.europa.eu/resource/authority';
const FILE_TYPE: Record<DownloadFormat, string> = {
	geojson: `${AUTHORITY}/file-type/GEOJSON`,
	csv: `${AUTHORITY}/file-type/CSV`,
	kml: `${AUTHORITY}/file-type/KML`
};

/** The atlas's layer themes on the EU data themes (the atlas's classification, not a source's). */
const THEMES_OF_LAYER_THEME: Record<string, string[]> = {
	digitalisation: ['TECH', 'REGI'],
	infrastructure: ['TRAN'],
	industry: ['ECON'],
	innovation: ['TECH', 'ECON'],
	tourism: ['EDUC', 'ECON'],
	plan: ['GOVE', 'REGI'],
	participation: ['GOVE', 'SOCI'],
	context: ['REGI', 'GOVE']
};
const MUNICIPALITY_THEMES = ['REGI', 'GOVE'];

/** Licences that deny or leave open the terms of reuse, by what their text says. */
const UNKNOWN_TERMS = /nessuna licenza|non disponibile|non ancora|not available|no licence/i;
/** A licence that is exactly CC BY 4.0 has an EU authority IRI. */
const CC_BY_4 = /^CC BY 4\.0$/;

/** The dates the catalogue reads from the data: the last public change, the load, the plan's edits. */
export async function catalogDates(db: Transactional) {
	const [row] = await db.query<{
		changed: string | null;
		loaded: string | null;
		interventions: string | null;
	}>(
		`select to_char((select changed_at from public.data_version where id = 1) at time zone 'UTC', 'YYYY-MM-DD') as changed,
			to_char((select max(loaded_at) from public.dataset_load) at time zone 'UTC', 'YYYY-MM-DD') as loaded,
			to_char((select max(updated_at) from public.intervention) at time zone 'UTC', 'YYYY-MM-DD') as interventions`
	);
	return row;
}

/** [first, last] of the values given (ISO dates compare as text); null when there is none. */
function spanOf(values: (string | null | undefined)[]): { start: string; end: string } | null {
	const known = values.filter((v): v is string => typeof v === 'string' && v.length >= 10).sort();
	return known.length ? { start: known[0], end: known.at(-1)! } : null;
}

/** Every dataset with its dates read from the data, in the OGC collections' order. */
export async function readCatalog(atlas: Atlas, db: Transactional): Promise<Catalog> {
	const [layers, dates, interventions, observations] = await Promise.all([
		atlas.listLayers(),
		catalogDates(db),
		atlas.getLayerFeatures('interventions'),
		atlas.getLayerFeatures('observations')
	]);
	const loaded = dates?.loaded ?? dates?.changed ?? null;
	if (!loaded || !dates?.changed) throw new Error('The atlas has no data loaded');
	// The plan's period: from the first year any intervention names to the last.
	const years = (interventions?.features ?? [])
		.flatMap((f) => {
			const p = f.properties as { start_year?: number | null; end_year?: number | null };
			return [p.start_year, p.end_year];
		})
		.filter((y): y is number => typeof y === 'number');
	const planYears = years.length
		? { start: `${Math.min(...years)}-01-01`, end: `${Math.max(...years)}-12-31` }
		: null;
	const observed = (observations?.features ?? []).map((f) =>
		String((f.properties as { created_at?: string }).created_at ?? '').slice(0, 10)
	);
	const byLayer = new Map<string, LayerInfo>(layers.map((l) => [l.id, l]));
	const special: Record<string, { modified: string; temporal: CatalogEntry['temporal'] }> = {
		interventions: { modified: dates.interventions ?? loaded, temporal: planYears },
		observations: {
			modified: spanOf(observed)?.end ?? loaded,
			temporal: spanOf(observed)
		}
	};
	const [it, en] = [collectionInfos(layers, 'it'), collectionInfos(layers, 'en')];
	return {
		modified: dates.changed,
		entries: it.map((info, index) => {
			const layer = byLayer.get(info.id);
			const dated = layer?.data_date ? { start: layer.data_date, end: layer.data_date } : null;
			return {
				id: info.id,
				title: { it: info.title, en: en[index].title },
				description: { it: info.description, en: en[index].description },
				attribution: { it: info.attribution, en: en[index].attribution },
				licence: { it: info.licence, en: en[index].licence },
				sources: info.sources.map((s, i) => ({
					title: { it: s.title, en: en[index].sources[i].title },
					url: s.url
				})),
				themes: layer ? (THEMES_OF_LAYER_THEME[layer.theme] ?? ['REGI']) : MUNICIPALITY_THEMES,
				modified: special[info.id]?.modified ?? loaded,
				temporal: special[info.id] ? special[info.id].temporal : dated,
				links: {
					ogc: `/ogc/collections/${info.id}`,
					api: layer ? `/api/v1/layers/${info.id}` : '/api/v1/municipalities',
					...(Object.fromEntries(
						DOWNLOAD_FORMATS.map((f) => [
							f,
							layer ? layerDownloadUrl(info.id, f) : municipalitiesDownloadUrl(f)
						])
					) as Record<DownloadFormat, string>)
				}
			};
		})
	};
}

const CONTEXT = {
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	dcatapit: 'http://dati.gov.it/onto/dcatapit#',
	foaf: 'http://xmlns.com/foaf/0.1/',
	vcard: 'http://www.w3.org/2006/vcard/ns#',
	schema: 'http://schema.org/',
	xsd: 'http://www.w3.org/2001/XMLSchema#'
};

const texts = (text: Text) => [
	{ '@language': 'it', '@value': text.it },
	{ '@language': 'en', '@value': text.en }
];
const iri = (id: string) => ({ '@id': id });
const day = (value: string) => ({ '@type': 'xsd:date', '@value': value });

type AgentKey = keyof typeof facts.agents;

function agentNode(origin: string, key: AgentKey) {
	const agent = facts.agents[key];
	return {
		'@id': `${origin}/dati#agent-${key}`,
		'@type': ['foaf:Agent', 'dcatapit:Agent'],
		'foaf:name': texts(agent.name),
		// The IPA code only once it has been verified (geodata/catalog.json): never a guess.
		...(agent.ipa_code ? { 'dct:identifier': agent.ipa_code } : {})
	};
}

/** The licence of a dataset as a dct:LicenseDocument: its text, and the ADMS type it amounts to. */
function licenceNode(origin: string, entry: CatalogEntry) {
	const type = UNKNOWN_TERMS.test(entry.licence.it) ? 'UnknownIPR' : 'Attribution';
	return {
		'@id': CC_BY_4.test(entry.licence.it)
			? `${AUTHORITY}/licence/CC_BY_4_0`
			: `${origin}${datasetPageUrl(entry.id)}-licence`,
		'@type': ['dct:LicenseDocument', 'dcatapit:LicenseDocument'],
		'dct:type': iri(`http://purl.org/adms/licencetype/${type}`),
		// Both languages where JSON-LD allows: a language map of the licence's text.
		'foaf:name': texts(entry.licence)
	};
}

/** The catalogue as DCAT-AP_IT JSON-LD, its addresses absolute on `origin`. */
export function catalogJsonLd(catalog: Catalog, origin: string) {
	const publisher = iri(`${origin}/dati#agent-provincia-di-lucca`);
	const creator = iri(`${origin}/dati#agent-camera-di-commercio-di-lucca`);
	const contactPoint = {
		'@id': `${origin}/dati#contact`,
		'@type': ['vcard:Organization', 'vcard:Kind', 'dcatapit:Organization'],
		'vcard:fn': 'Atlante Lucca 2030',
		'vcard:hasURL': iri(`${origin}/partecipa`),
		...(facts.contact_email ? { 'vcard:hasEmail': iri(`mailto:${facts.contact_email}`) } : {})
	};
	const datasets = catalog.entries.map((entry) => {
		const page = `${origin}${datasetPageUrl(entry.id)}`;
		const licence = licenceNode(origin, entry);
		return {
			'@id': page,
			'@type': ['dcat:Dataset', 'dcatapit:Dataset'],
			'dct:identifier': `atlante-lucca-2030:${entry.id}`,
			'dct:title': texts(entry.title),
			'dct:description': texts(entry.description),
			'dct:modified': day(entry.modified),
			'dcat:theme': entry.themes.map((code) => iri(`${AUTHORITY}/data-theme/${code}`)),
			'dct:publisher': publisher,
			'dct:creator': [publisher, creator],
			'dct:rightsHolder': publisher,
			'dct:accrualPeriodicity': iri(`${AUTHORITY}/frequency/IRREG`),
			'dcat:contactPoint': iri(contactPoint['@id']),
			'dcat:landingPage': iri(page),
			'dct:language': [iri(`${AUTHORITY}/language/ITA`), iri(`${AUTHORITY}/language/ENG`)],
			'dct:source': entry.sources.map((s) => iri(s.url)),
			...(entry.temporal
				? {
						'dct:temporal': {
							'@type': 'dct:PeriodOfTime',
							'dcat:startDate': day(entry.temporal.start),
							'dcat:endDate': day(entry.temporal.end),
							// DCAT-AP_IT 1.0 names the bounds with schema.org's terms.
							'schema:startDate': day(entry.temporal.start),
							'schema:endDate': day(entry.temporal.end)
						}
					}
				: {}),
			'dcat:distribution': DOWNLOAD_FORMATS.map((format) => ({
				'@id': `${page}-${format}`,
				'@type': ['dcat:Distribution', 'dcatapit:Distribution'],
				'dct:title': texts({
					it: `${entry.title.it} (${format.toUpperCase()})`,
					en: `${entry.title.en} (${format.toUpperCase()})`
				}),
				'dct:format': iri(FILE_TYPE[format]),
				'dcat:accessURL': iri(`${origin}${entry.links.ogc}`),
				'dcat:downloadURL': iri(`${origin}${entry.links[format]}`),
				'dct:license': licence
			}))
		};
	});
	return {
		'@context': CONTEXT,
		'@graph': [
			{
				'@id': `${origin}/api/v1/catalog`,
				'@type': ['dcat:Catalog', 'dcatapit:Catalog'],
				'dct:title': texts({
					it: 'Atlante Lucca 2030 – catalogo dei dati',
					en: 'Atlante Lucca 2030 – data catalogue'
				}),
				'dct:description': texts({
					it: 'I dati pubblici dell’Atlante del Piano Strategico 2030 della Provincia di Lucca: comuni, livelli tematici, interventi del piano, osservazioni dei partecipanti e contesto nazionale.',
					en: 'The public data of the Province of Lucca’s Strategic Plan 2030 atlas: municipalities, thematic layers, the plan’s interventions, participants’ observations and the national context.'
				}),
				'dct:publisher': publisher,
				'foaf:homepage': iri(`${origin}/dati`),
				'dct:language': [iri(`${AUTHORITY}/language/ITA`), iri(`${AUTHORITY}/language/ENG`)],
				'dct:modified': day(catalog.modified),
				'dcat:themeTaxonomy': iri(`${AUTHORITY}/data-theme`),
				'dcat:dataset': datasets.map((d) => iri(d['@id']))
			},
			agentNode(origin, 'provincia-di-lucca'),
			agentNode(origin, 'camera-di-commercio-di-lucca'),
			contactPoint,
			...datasets
		]
	};
}

/** The publisher's and creator's names, for the human page. */
export const catalogAgents = (lang: Lang) => ({
	publisher: facts.agents['provincia-di-lucca'].name[lang],
	creator: facts.agents['camera-di-commercio-di-lucca'].name[lang]
});
