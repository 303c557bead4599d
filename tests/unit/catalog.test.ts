import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import facts from '../../geodata/catalog.json' with { type: 'json' };
import { catalogJsonLd, type Catalog, type CatalogEntry } from '../../src/lib/server/catalog.ts';

const ORIGIN = 'https://atlante.example.org';
const DCT = 'http://purl.org/dc/terms/';
const DCAT = 'http://www.w3.org/ns/dcat#';

const entry = (
	id: string,
	licence: CatalogEntry['licence'],
	temporal: CatalogEntry['temporal']
): CatalogEntry => ({
	id,
	title: { it: `Titolo ${id}`, en: `Title ${id}` },
	description: { it: 'Descrizione', en: 'Description' },
	attribution: { it: 'Fonte', en: 'Source' },
	licence,
	sources: [{ title: { it: 'Fonte', en: 'Source' }, url: 'https://example.org/source' }],
	themes: ['TRAN'],
	modified: '2026-11-30',
	temporal,
	links: {
		ogc: `/ogc/collections/${id}`,
		api: `/api/v1/layers/${id}`,
		geojson: `/api/v1/layers/${id}/download.geojson`,
		csv: `/api/v1/layers/${id}/download.csv`,
		kml: `/api/v1/layers/${id}/download.kml`
	}
});

const CATALOG: Catalog = {
	modified: '2026-12-01',
	entries: [
		entry('municipalities', { it: 'CC BY 4.0', en: 'CC BY 4.0' }, null),
		entry(
			'bottlenecks',
			{
				it: 'RFI e Trenitalia: nessuna licenza dichiarata, con attribuzione',
				en: 'RFI and Trenitalia: no licence stated, with credit'
			},
			null
		),
		entry(
			'broadband',
			{ it: 'AGCOM open data', en: 'AGCOM open data' },
			{ start: '2025-06-30', end: '2025-06-30' }
		)
	]
};

type Node = Record<string, { '@id'?: string; '@value'?: string }[]> & {
	'@id': string;
	'@type'?: string[];
};

async function expanded(): Promise<Node[]> {
	const offline = async (url: string): Promise<never> => {
		throw new Error(`no network: ${url}`);
	};
	return (await jsonld.expand(catalogJsonLd(CATALOG, ORIGIN), {
		documentLoader: offline as never
	})) as Node[];
}

const licenceOf = (nodes: Node[], id: string) => {
	const dataset = nodes.find((n) => n['@id'] === `${ORIGIN}/dati#${id}`)!;
	const [distribution] = dataset[`${DCAT}distribution`] as unknown as Node[];
	return (distribution[`${DCT}license`] as unknown as Node[])[0];
};

describe('the DCAT-AP_IT catalogue', () => {
	it('expands offline, one dataset per entry, each with three distributions', async () => {
		const nodes = await expanded();
		const datasets = nodes.filter((n) => n['@type']?.includes(`${DCAT}Dataset`));
		expect(datasets.map((d) => d['@id'])).toEqual(
			CATALOG.entries.map((e) => `${ORIGIN}/dati#${e.id}`)
		);
		for (const dataset of datasets) expect(dataset[`${DCAT}distribution`]).toHaveLength(3);
	});

	it('names CC BY 4.0 by its EU IRI, and unknown reuse terms as such', async () => {
		const nodes = await expanded();
		expect(licenceOf(nodes, 'municipalities')['@id']).toBe(
			'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0'
		);
		expect(licenceOf(nodes, 'municipalities')[`${DCT}type`][0]['@id']).toBe(
			'http://purl.org/adms/licencetype/Attribution'
		);
		expect(licenceOf(nodes, 'bottlenecks')[`${DCT}type`][0]['@id']).toBe(
			'http://purl.org/adms/licencetype/UnknownIPR'
		);
		expect(licenceOf(nodes, 'broadband')['@id']).toBe(`${ORIGIN}/dati#broadband-licence`);
	});

	it('gives a period only where the data has one', async () => {
		const nodes = await expanded();
		const temporal = (id: string) =>
			nodes.find((n) => n['@id'] === `${ORIGIN}/dati#${id}`)![`${DCT}temporal`];
		expect(temporal('municipalities')).toBeUndefined();
		const [period] = temporal('broadband') as unknown as Node[];
		expect(period[`${DCAT}startDate`][0]['@value']).toBe('2025-06-30');
	});

	it('states no publisher identifier or e-mail that the curated facts do not have', async () => {
		const nodes = await expanded();
		const agents = nodes.filter((n) => n['@type']?.includes('http://xmlns.com/foaf/0.1/Agent'));
		expect(agents).toHaveLength(Object.keys(facts.agents).length);
		for (const agent of agents) {
			const key = agent['@id'].split('#agent-')[1] as keyof typeof facts.agents;
			const code = facts.agents[key].ipa_code;
			expect(agent[`${DCT}identifier`]?.[0]['@value'] ?? null).toBe(code);
		}
		const text = JSON.stringify(catalogJsonLd(CATALOG, ORIGIN));
		expect(text.includes('mailto:')).toBe(facts.contact_email !== null);
	});
});
