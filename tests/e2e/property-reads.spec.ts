// Property-based tests of the public API's GET parameters and path segments: random and hostile
// values never cause a server error, every error is the API's JSON in the asked language, and
// nothing the API shows changes.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
	ANONYMOUS,
	checkAnswer,
	expectedLang,
	expectUnchanged,
	readApiState,
	send,
	signInPeople,
	UNKNOWN_PROPOSAL,
	runs,
	timeLimit,
	type Answer,
	type Caller
} from './fuzz/client.ts';
import {
	commaList,
	encode,
	hostileSegment,
	langParams,
	NUMBER_TEXTS,
	queryParam,
	queryString,
	type QueryParam
} from './fuzz/hostile.ts';

const RUNS = runs(100);
test.describe.configure({ timeout: timeLimit(60_000) });

const LAYER_IDS = ['broadband', 'bottlenecks', 'districts', 'technology-poles', 'puccini'];

const coordinate = fc.oneof(
	fc.double({ min: -200, max: 200, noNaN: true }).map(String),
	fc.constantFrom(...NUMBER_TEXTS)
);
const bboxText = fc.oneof(
	fc.constantFrom(
		'10.2,43.7,10.8,44.3',
		'10.4,43.8,10.6,43.9',
		'-180,-90,180,90',
		'10.8,43.7,10.2,44.3'
	),
	fc.array(coordinate, { minLength: 3, maxLength: 5 }).map((parts) => parts.join(','))
);

/** Reads what the API shows before and after a read-only property: a GET changes nothing. */
async function unchangedAround(
	baseURL: string,
	run: (people: { planner: Caller }) => Promise<void>
) {
	const people = await signInPeople(baseURL);
	const before = await readApiState(baseURL, people);
	await run(people);
	expectUnchanged(await readApiState(baseURL, people), before, 'after the property');
}

/** A 400 names one of the parameters sent, as «name» (Italian) or "name" (English). */
function expectNamesAParameter(answer: Answer, params: readonly QueryParam[]) {
	if (answer.status !== 400) return;
	const { message } = JSON.parse(answer.text).error;
	const named = params.some(
		(p) => message.includes(`«${p.name}»`) || message.includes(`"${p.name}"`)
	);
	expect(named, `${answer.asked}: «${message}» names none of the parameters sent`).toBe(true);
}

test('GET /api/v1/interventions: any filters give the collection or a 400 naming the parameter', async ({
	baseURL
}) => {
	const filter = fc.oneof(
		queryParam('ambito', commaList(fc.integer({ min: 0, max: 9 }).map(String))),
		queryParam('guideline', commaList(fc.integer({ min: 0, max: 7 }).map(String))),
		queryParam(
			'status',
			commaList(
				fc.constantFrom('idea', 'planned', 'financed', 'in_progress', 'completed', 'PLANNED')
			)
		),
		queryParam(
			'funding',
			commaList(fc.constantFrom('pnrr', 'fesr-2021-2027', 'fsc', 'private', 'eu'))
		),
		queryParam('municipality', fc.constantFrom('046017', '046007', '046999', '46007')),
		queryParam('year', fc.integer({ min: 1995, max: 2105 }).map(String)),
		queryParam('bbox', bboxText)
	);
	await unchangedAround(baseURL!, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(filter, { maxLength: 5 }), langParams, async (params, lang) => {
				const answer = await send(baseURL!, ANONYMOUS, {
					target: `/api/v1/interventions${queryString(params, lang)}`
				});
				if (checkAnswer(answer, expectedLang(lang), ['invalid_parameter']) === 'accepted')
					expect(JSON.parse(answer.text).type).toBe('FeatureCollection');
				expectNamesAParameter(answer, params);
			}),
			{ numRuns: RUNS }
		);
	});
});

test('GET /api/v1/layers/{id}?bbox=: any id and area give a layer, a 400 or a 404', async ({
	baseURL
}) => {
	const id = fc.oneof(fc.constantFrom(...LAYER_IDS, 'interventions'), hostileSegment);
	const bbox = fc.array(queryParam('bbox', bboxText), { maxLength: 2 });
	await unchangedAround(baseURL!, async () => {
		await fc.assert(
			fc.asyncProperty(id, bbox, langParams, async (layer, params, lang) => {
				const answer = await send(baseURL!, ANONYMOUS, {
					target: `/api/v1/layers/${layer}${queryString(params, lang)}`
				});
				const codes = ['invalid_bbox', 'layer_not_found', 'not_found', 'malformed_url'];
				if (checkAnswer(answer, expectedLang(lang), codes) === 'accepted' && answer.status === 200)
					expect(JSON.parse(answer.text)).toHaveProperty('type', 'FeatureCollection');
			}),
			{ numRuns: RUNS }
		);
	});
});

test('GET /api/v1/search?q=: any query gives grouped results or a 400', async ({ baseURL }) => {
	const q = queryParam('q', fc.constantFrom('capanori', 'Lucca', 'J91H03000190001', 'ab', 'a'));
	await unchangedAround(baseURL!, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(q, { maxLength: 2 }), langParams, async (params, lang) => {
				const answer = await send(baseURL!, ANONYMOUS, {
					target: `/api/v1/search${queryString(params, lang)}`
				});
				if (checkAnswer(answer, expectedLang(lang), ['invalid_query']) === 'accepted')
					expect(JSON.parse(answer.text).groups).toBeInstanceOf(Array);
			}),
			{ numRuns: RUNS }
		);
	});
});

test('GET /api/v1/opportunities: any parameters and format give results or a 400 naming the parameter', async ({
	baseURL
}) => {
	const param = fc.oneof(
		queryParam(
			'kind',
			commaList(fc.constantFrom('municipality', 'technology-pole', 'district', 'port'))
		),
		queryParam('sector', fc.constantFrom('paper', 'stone', 'nautical', 'footwear', 'steel', '')),
		queryParam('min_ftth', fc.double({ min: -10, max: 110, noNaN: true }).map(String)),
		queryParam('max_station_km', fc.double({ min: -10, max: 250, noNaN: true }).map(String)),
		queryParam('under_way', fc.constantFrom('1', 'on', 'true', '0', 'yes')),
		queryParam('sort', fc.constantFrom('ftth', 'station', 'interventions', 'name', '')),
		queryParam('format', fc.constantFrom('json', 'csv', 'geojson', 'xml', 'JSON'))
	);
	await unchangedAround(baseURL!, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(param, { maxLength: 5 }), langParams, async (params, lang) => {
				const answer = await send(baseURL!, ANONYMOUS, {
					target: `/api/v1/opportunities${queryString(params, lang)}`
				});
				if (checkAnswer(answer, expectedLang(lang), ['invalid_parameter']) === 'accepted') {
					if (answer.contentType.startsWith('text/csv')) expect(answer.text).toMatch(/^\S/);
					else expect(JSON.parse(answer.text).type).toBe('FeatureCollection');
				}
				expectNamesAParameter(answer, params);
			}),
			{ numRuns: RUNS }
		);
	});
});

test('GET path segments (municipality, intervention, itinerary, proposal): any segment gives the item, a 400 or a 404', async ({
	baseURL
}) => {
	const endpoints = [
		{
			path: '/api/v1/municipalities/',
			plausible: ['046017', '046999', '46007'],
			codes: ['invalid_istat_code', 'municipality_not_found']
		},
		{
			path: '/api/v1/interventions/',
			plausible: ['psl-2003-musa', 'nessuno'],
			codes: ['intervention_not_found']
		},
		{
			path: '/api/v1/itineraries/',
			plausible: ['itinerario-lucca-torre-del-lago.gpx', 'nessuno.geojson', 'x.kml'],
			codes: ['invalid_itinerary_file', 'itinerary_not_found']
		},
		{
			path: '/api/v1/proposals/',
			plausible: [UNKNOWN_PROPOSAL, `${UNKNOWN_PROPOSAL}?format=geojson`],
			codes: ['proposal_not_found']
		}
	];
	const request = fc.constantFrom(...endpoints).chain((endpoint) =>
		fc.record({
			endpoint: fc.constant(endpoint),
			segment: fc.oneof(fc.constantFrom(...endpoint.plausible), hostileSegment),
			lang: langParams,
			signedIn: fc.boolean()
		})
	);
	await unchangedAround(baseURL!, async ({ planner }) => {
		await fc.assert(
			fc.asyncProperty(request, async ({ endpoint, segment, lang, signedIn }) => {
				const query = lang.map((value) => `lang=${encode(value)}`).join('&');
				const separator = segment.includes('?') ? '&' : '?';
				const answer = await send(baseURL!, signedIn ? planner : ANONYMOUS, {
					target: `${endpoint.path}${segment}${query ? separator + query : ''}`
				});
				checkAnswer(answer, expectedLang(lang), [...endpoint.codes, 'not_found', 'malformed_url']);
			}),
			{ numRuns: RUNS }
		);
	});
});
