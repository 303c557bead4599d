import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Download } from '@playwright/test';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';
import jsonld from 'jsonld';

type Json = Record<string, unknown>;
type Node = Record<string, unknown[]> & { '@id'?: string; '@type'?: string[] };

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const AUTHORITY = 'http://publications.europa.eu/resource/authority';
const FORMATS = ['geojson', 'csv', 'kml'] as const;

/** The curated publisher facts: an IPA code appears in the catalogue only once verified there. */
const FACTS = JSON.parse(
	readFileSync(path.resolve(import.meta.dirname, '../../geodata/catalog.json'), 'utf8')
) as { agents: Record<string, { ipa_code: string | null }> };

/** How many features a downloaded file holds, read by a parser of its format. */
function featureCount(format: (typeof FORMATS)[number], body: Buffer): number {
	const text = body.toString('utf8');
	if (format === 'geojson') return (JSON.parse(text) as { features: unknown[] }).features.length;
	if (format === 'csv') return (parse(text, { bom: true, columns: true }) as unknown[]).length;
	const document = new DOMParser().parseFromString(text, 'text/xml');
	return kml(document as unknown as Document).features.length;
}

async function apiCount(request: APIRequestContext, url: string): Promise<number> {
	const response = await request.get(url);
	expect(response.status(), url).toBe(200);
	return ((await response.json()) as { features: unknown[] }).features.length;
}

async function readDownload(download: Download): Promise<Buffer> {
	return readFileSync((await download.path())!);
}

/** The catalogue expanded to full IRIs, with no document fetched from the network. */
async function expandedCatalog(request: APIRequestContext): Promise<Node[]> {
	const response = await request.get('/api/v1/catalog');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/ld+json');
	const document = (await response.json()) as Json;
	const offline = async (url: string): Promise<never> => {
		throw new Error(`The catalogue must not need ${url}`);
	};
	return (await jsonld.expand(document, {
		documentLoader: offline as never
	})) as Node[];
}

const ofType = (nodes: Node[], type: string) => nodes.filter((n) => n['@type']?.includes(type));
const ids = (values: unknown[] | undefined) =>
	(values ?? []).map((v) => (v as { '@id': string })['@id']);

/** Fails naming the node and every required property it lacks. */
function expectProperties(node: Node, required: string[]) {
	const missing = required.filter((p) => !(node[p]?.length ?? 0));
	expect(missing, `${node['@id']} lacks ${missing.join(', ')}`).toEqual([]);
}

test('the DCAT-AP_IT catalogue lists every OGC collection with the profile’s required properties', async ({
	request
}) => {
	const nodes = await expandedCatalog(request);
	const [catalog] = ofType(nodes, `${DCAT}Catalog`);
	expect(catalog).toBeDefined();
	expectProperties(catalog, [
		`${DCT}title`,
		`${DCT}description`,
		`${DCT}publisher`,
		`${DCT}modified`,
		`${DCAT}dataset`,
		`${FOAF}homepage`,
		`${DCT}language`
	]);

	const datasets = ofType(nodes, `${DCAT}Dataset`);
	const { collections } = (await (await request.get('/ogc/collections')).json()) as {
		collections: { id: string }[];
	};
	const identifiers = datasets.map(
		(d) => (d[`${DCT}identifier`][0] as { '@value': string })['@value']
	);
	expect(identifiers.sort()).toEqual(collections.map((c) => `atlante-lucca-2030:${c.id}`).sort());
	expect(ids(catalog[`${DCAT}dataset`]).sort()).toEqual(datasets.map((d) => d['@id']).sort());

	const { layers } = (await (await request.get('/api/v1/layers')).json()) as {
		layers: { id: string; data_date: string | null }[];
	};
	const agents = new Set(ofType(nodes, `${FOAF}Agent`).map((a) => a['@id']));
	for (const dataset of datasets) {
		expectProperties(dataset, [
			`${DCT}identifier`,
			`${DCT}title`,
			`${DCT}description`,
			`${DCT}modified`,
			`${DCAT}theme`,
			`${DCT}publisher`,
			`${DCT}rightsHolder`,
			`${DCT}accrualPeriodicity`,
			`${DCAT}contactPoint`,
			`${DCAT}distribution`
		]);
		const languages = (dataset[`${DCT}title`] as { '@language': string }[]).map(
			(t) => t['@language']
		);
		expect(languages.sort()).toEqual(['en', 'it']);
		expect((dataset[`${DCT}modified`][0] as { '@value': string })['@value']).toMatch(
			/^\d{4}-\d{2}-\d{2}$/
		);
		for (const theme of ids(dataset[`${DCAT}theme`]))
			expect(theme).toMatch(new RegExp(`^${AUTHORITY}/data-theme/[A-Z_]+$`));
		expect(ids(dataset[`${DCT}accrualPeriodicity`])[0]).toMatch(`${AUTHORITY}/frequency/`);
		for (const agent of [...ids(dataset[`${DCT}publisher`]), ...ids(dataset[`${DCT}rightsHolder`])])
			expect(agents.has(agent), agent).toBe(true);
		// Dates come from the data: a layer's date is its temporal coverage.
		const id = (dataset[`${DCT}identifier`][0] as { '@value': string })['@value'].split(':')[1];
		const layer = layers.find((l) => l.id === id);
		if (layer?.data_date) {
			const [period] = dataset[`${DCT}temporal`] as Node[];
			expect(period[`${DCAT}startDate`][0]).toEqual({
				'@type': 'http://www.w3.org/2001/XMLSchema#date',
				'@value': layer.data_date
			});
		}

		const distributions = dataset[`${DCAT}distribution`] as Node[];
		expect(distributions).toHaveLength(FORMATS.length);
		for (const distribution of distributions) {
			expectProperties(distribution, [
				`${DCT}format`,
				`${DCAT}accessURL`,
				`${DCAT}downloadURL`,
				`${DCT}license`
			]);
			expect(ids(distribution[`${DCT}format`])[0]).toMatch(
				new RegExp(`^${AUTHORITY}/file-type/(GEOJSON|CSV|KML)$`)
			);
			expect(ids(distribution[`${DCAT}accessURL`])[0]).toMatch(`/ogc/collections/${id}`);
			const [licence] = distribution[`${DCT}license`] as Node[];
			expect(licence['@type']).toContain(`${DCT}LicenseDocument`);
			expectProperties(licence, [`${DCT}type`, `${FOAF}name`]);
			expect(ids(licence[`${DCT}type`])[0]).toMatch(/^http:\/\/purl\.org\/adms\/licencetype\//);
		}
	}

	for (const agent of ofType(nodes, `${FOAF}Agent`)) {
		expectProperties(agent, [`${FOAF}name`]);
		// Never an invented identifier: the IPA code is there exactly when the curated file has one.
		const key = agent['@id']!.split('#agent-')[1];
		const code = FACTS.agents[key]?.ipa_code ?? null;
		expect(agent[`${DCT}identifier`]?.[0] ?? null).toEqual(code ? { '@value': code } : null);
	}
	const [contact] = ofType(nodes, `${VCARD}Kind`);
	expectProperties(contact, [`${VCARD}fn`]);
});

test('every distribution of the catalogue answers, with as many features as the JSON API', async ({
	request
}) => {
	const nodes = await expandedCatalog(request);
	for (const dataset of ofType(nodes, `${DCAT}Dataset`)) {
		const id = (dataset[`${DCT}identifier`][0] as { '@value': string })['@value'].split(':')[1];
		const expected = await apiCount(
			request,
			id === 'municipalities' ? '/api/v1/municipalities' : `/api/v1/layers/${id}`
		);
		const accessed = new Set<string>();
		for (const distribution of dataset[`${DCAT}distribution`] as Node[]) {
			for (const url of ids(distribution[`${DCAT}accessURL`]).filter((u) => !accessed.has(u))) {
				expect((await request.get(url)).status(), url).toBe(200);
				accessed.add(url);
			}
			const format = ids(distribution[`${DCT}format`])[0].split('/').pop()!.toLowerCase();
			const [url] = ids(distribution[`${DCAT}downloadURL`]);
			const response = await request.get(url);
			expect(response.status(), url).toBe(200);
			expect(response.headers()['link'], url).toMatch(/rel="license"/);
			expect(featureCount(format as (typeof FORMATS)[number], await response.body()), url).toBe(
				expected
			);
		}
	}
});

test('the about sheet offers a layer’s files, with its licence and attribution beside them', async ({
	page,
	request
}) => {
	await page.goto('/');
	const layer = page.locator('[data-layer="bottlenecks"]');
	await layer.getByText('Informazioni sul livello').click();
	const downloads = layer.locator('.about .downloads');
	await expect(downloads).toContainText('Licenza: RFI e Trenitalia');
	await expect(downloads).toContainText('Attribuzione:');
	const expected = await apiCount(request, '/api/v1/layers/bottlenecks');
	for (const format of FORMATS) {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			downloads.locator(`a[data-format="${format}"]`).click()
		]);
		expect(download.suggestedFilename()).toBe(`atlante-lucca-2030-bottlenecks.${format}`);
		expect(featureCount(format, await readDownload(download)), format).toBe(expected);
	}
	const geojson = JSON.parse(
		(await (await request.get('/api/v1/layers/bottlenecks/download.geojson')).body()).toString()
	);
	expect(geojson.licence).toContain('RFI e Trenitalia');
	expect(geojson.attribution).toContain('RFI');
	expect(geojson.sources.length).toBeGreaterThan(0);
	// In English, the same file states them in English (the owners' names unchanged).
	const english = JSON.parse(
		(
			await (await request.get('/api/v1/layers/bottlenecks/download.geojson?lang=en')).body()
		).toString()
	);
	expect(english.licence).toBe(
		'RFI and Trenitalia: no licence stated, with credit; bottlenecks: public documents and articles cited'
	);
	expect(english.attribution).toMatch(/^Railways and bottlenecks: RFI – railway network/);
});

test('a comune page offers the municipality and its interventions as files', async ({
	page,
	request
}) => {
	await page.goto('/comuni/046007');
	const section = page.locator('section.open-data');
	await expect(section.getByRole('heading', { name: 'Dati aperti' })).toBeVisible();
	const [municipality, interventions] = await section.locator('.downloads').all();
	await expect(municipality).toContainText('Licenza: CC BY 4.0');

	const [boundary] = await Promise.all([
		page.waitForEvent('download'),
		municipality.locator('a[data-format="geojson"]').click()
	]);
	expect(boundary.suggestedFilename()).toBe('atlante-lucca-2030-municipality-046007.geojson');
	const file = JSON.parse((await readDownload(boundary)).toString('utf8'));
	expect(file.features).toHaveLength(1);
	const facts = (await (await request.get('/api/v1/municipalities/046007')).json()) as Json;
	expect(file.features[0].properties.istat).toBe('046007');
	expect(file.features[0].properties.population).toBe(facts.population);
	expect(file.licence).toBe('CC BY 4.0');

	const expected = await apiCount(request, '/api/v1/interventions?municipality=046007');
	expect(expected).toBeGreaterThan(0);
	for (const format of FORMATS) {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			interventions.locator(`a[data-format="${format}"]`).click()
		]);
		expect(download.suggestedFilename()).toBe(`atlante-lucca-2030-interventions-046007.${format}`);
		expect(featureCount(format, await readDownload(download)), format).toBe(expected);
	}
	const csv = await request.get('/api/v1/municipalities/046007/download.csv');
	const [row] = parse((await csv.body()).toString('utf8'), { bom: true, columns: true }) as Record<
		string,
		string
	>[];
	expect(row.name).toBe(facts.name);
	expect(row.wkt).toMatch(/^MULTIPOLYGON/);
});

test('/dati lists every dataset with its licence and links, and points to the JSON-LD', async ({
	page,
	request
}) => {
	await page.goto('/');
	await page.getByRole('link', { name: /Dati aperti/ }).click();
	await expect(page).toHaveURL(/\/dati$/);
	await expect(page.locator('link[rel="alternate"][type="application/ld+json"]')).toHaveAttribute(
		'href',
		'/api/v1/catalog'
	);
	const { collections } = (await (await request.get('/ogc/collections')).json()) as {
		collections: { id: string; license: string }[];
	};
	for (const collection of collections) {
		const section = page.locator(`[data-dataset="${collection.id}"]`);
		await expect(section).toContainText(collection.license);
		await expect(section.locator(`a[href="/ogc/collections/${collection.id}"]`)).toBeVisible();
		for (const format of FORMATS)
			await expect(section.locator(`a[data-format="${format}"]`)).toHaveAttribute(
				'href',
				/\/download\./
			);
	}
	await page.goto('/dati?lang=en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open data');
	const english = (await (await request.get('/ogc/collections?lang=en')).json()) as {
		collections: { id: string; license: string; attribution: string }[];
	};
	for (const collection of english.collections) {
		const section = page.locator(`[data-dataset="${collection.id}"]`);
		await expect(section).toContainText(collection.license);
		await expect(section).toContainText(collection.attribution);
	}
	await expect(page.locator('[data-dataset="observations"]')).toContainText(
		'not available: the terms of reuse'
	);
});

test('bad downloads answer 400 or 404 in the user’s language, and never a file', async ({
	request
}) => {
	const cases = [
		{
			url: '/api/v1/layers/bottlenecks/download.shp',
			status: 400,
			code: 'invalid_format',
			it: 'Formato «shp» non disponibile. Formati disponibili: geojson, csv, kml.',
			en: 'Format “shp” is not available. Available formats: geojson, csv, kml.'
		},
		{
			url: '/api/v1/layers/no-such-layer/download.csv',
			status: 404,
			code: 'layer_not_found',
			it: /^Nessun livello «no-such-layer»/,
			en: /^No layer “no-such-layer”/
		},
		{
			url: '/api/v1/municipalities/46007/download.kml',
			status: 400,
			code: 'invalid_istat_code',
			it: /^Il codice ISTAT «46007» non è valido/,
			en: /^ISTAT code “46007” is not valid/
		},
		{
			url: '/api/v1/municipalities/046999/download.geojson',
			status: 404,
			code: 'municipality_not_found',
			it: 'Nessun comune della provincia ha il codice ISTAT 046999.',
			en: 'No municipality of the province has ISTAT code 046999.'
		},
		{
			url: '/api/v1/interventions/download.csv?municipality=Lucca',
			status: 400,
			code: 'invalid_parameter',
			it: /«municipality»/,
			en: /municipality/
		}
	];
	for (const c of cases) {
		for (const lang of ['it', 'en'] as const) {
			const url = `${c.url}${c.url.includes('?') ? '&' : '?'}lang=${lang}`;
			const response = await request.get(url);
			expect(response.status(), url).toBe(c.status);
			expect(response.headers()['content-disposition'], url).toBeUndefined();
			const { error } = (await response.json()) as { error: { code: string; message: string } };
			expect(error.code, url).toBe(c.code);
			if (typeof c[lang] === 'string') expect(error.message, url).toBe(c[lang]);
			else expect(error.message, url).toMatch(c[lang]);
		}
	}
});
