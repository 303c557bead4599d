// Request bodies for the proposals API: a valid body with one controlled fault (so most are
// invalid, each in a known way), whole random JSON, hostile GeoJSON and malformed text.
import fc from 'fast-check';
import { BOWTIE_POLYGON } from '../../fixtures/proposals/geometries.ts';
import { hostileText, NUMBER_TEXTS } from './hostile.ts';

type Json = unknown;

/** Big generated values print as a short label in fast-check's counterexamples. */
function labelled<T extends object>(value: T, label: string): T {
	Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });
	return value;
}

/** A body as sent: JSON text (with raw number literals where JSON.stringify cannot write them). */
export interface Body {
	text: string;
}

/** A number literal JSON.stringify would never write: it goes in the text as it is. */
class RawNumber {
	readonly literal: string;
	constructor(literal: string) {
		this.literal = literal;
	}
	toJSON() {
		return `\u0001raw:${this.literal}\u0001`;
	}
	[fc.toStringMethod]() {
		return this.literal;
	}
}

export function bodyText(value: Json): Body {
	const text = JSON.stringify(value) ?? 'undefined';
	return { text: text.replace(/"\\u0001raw:([^\\]*)\\u0001"/g, '$1') };
}

// ---- Geometries -------------------------------------------------------------------------------

/** Around Lucca and Capannori: well inside the province. */
const lon = fc.double({ min: 10.45, max: 10.65, noNaN: true });
const lat = fc.double({ min: 43.8, max: 43.9, noNaN: true });
const position = fc.tuple(lon, lat);

export const validGeometry = fc.oneof(
	position.map((coordinates) => ({ type: 'Point', coordinates })),
	fc
		.array(position, { minLength: 2, maxLength: 6 })
		.map((coordinates) => ({ type: 'LineString', coordinates })),
	fc.tuple(position, fc.double({ min: 0.001, max: 0.02, noNaN: true })).map(([[x, y], d]) => ({
		type: 'Polygon',
		coordinates: [
			[
				[x, y],
				[x + d, y],
				[x + d, y + d],
				[x, y + d],
				[x, y]
			]
		]
	}))
);

/** Positions on a jagged path through the province: n vertices, deterministic per seed. */
function jagged(n: number, seed: number): number[][] {
	return Array.from({ length: n }, (_, i) => [
		10.45 + ((i * 7919 + seed) % 2000) / 10_000,
		43.8 + ((i * 104_729 + seed * 31) % 1000) / 10_000
	]);
}
const closed = (ring: number[][]) => [...ring, ring[0]];

function nestedCollection(depth: number): Json {
	let geometry: Json = { type: 'Point', coordinates: [10.5, 43.84] };
	for (let i = 0; i < depth; i++) geometry = { type: 'GeometryCollection', geometries: [geometry] };
	return labelled(geometry as object, `GeometryCollection nested ${depth} deep`);
}

const square = [
	[10.5, 43.84],
	[10.51, 43.84],
	[10.51, 43.85],
	[10.5, 43.85],
	[10.5, 43.84]
];

/** GeoJSON that is wrong, huge, degenerate or not what the editor draws. */
export const hostileGeometry: fc.Arbitrary<Json> = fc.oneof(
	// Huge, out-of-range or non-numeric coordinates.
	fc
		.constantFrom<Json[]>(
			[1e308, 1e308],
			[-1e308, 43.8],
			[10.5, 1e300],
			[1e15, 43],
			[180.0000001, 90],
			[-180, -90],
			['NaN', 'NaN'],
			['10.5', '43.84'],
			[null, null],
			[10.5],
			[],
			[[10.5, 43.84]],
			[new RawNumber('1e309'), 43.84],
			[new RawNumber('-0'), new RawNumber('-0')],
			[10.5, 43.84, 100],
			[10.5, 43.84, 1, 2, 3],
			[10.5, 43.84, 'alto']
		)
		.chain((coordinates) =>
			fc.constantFrom<Json>(
				{ type: 'Point', coordinates },
				{ type: 'LineString', coordinates: [[10.5, 43.84], coordinates] },
				{
					type: 'Polygon',
					coordinates: [[[10.5, 43.84], coordinates, [10.51, 43.85], [10.5, 43.84]]]
				}
			)
		),
	// Self-intersections: the bow-tie, and jagged rings that almost always cross themselves.
	fc.constant<Json>(BOWTIE_POLYGON),
	fc
		.tuple(fc.integer({ min: 4, max: 200 }), fc.nat(1000))
		.map(([n, seed]) => ({ type: 'Polygon', coordinates: [closed(jagged(n, seed))] })),
	// Thousands of vertices: over the 10,000 limit, or under it on a crossing ring or a line (a
	// valid one, saved: kept to 2,000 vertices, as every later state check reads it back).
	fc
		.tuple(
			fc.constantFrom(
				['LineString', 2_000] as const,
				['LineString', 10_001] as const,
				['Polygon', 2_000] as const,
				['Polygon', 6_000] as const,
				['Polygon', 12_000] as const
			),
			fc.nat(1000)
		)
		.map(([[type, n], seed]) =>
			labelled(
				type === 'LineString'
					? { type, coordinates: jagged(n, seed) }
					: { type, coordinates: [closed(jagged(n, seed))] },
				`${type} of ${n} vertices`
			)
		),
	// Nested geometry collections, and types the editor does not draw.
	fc.integer({ min: 1, max: 300 }).map(nestedCollection),
	fc.constantFrom<Json>(
		{ type: 'MultiPolygon', coordinates: [[square]] },
		{ type: 'MultiPoint', coordinates: [[10.5, 43.84]] },
		{ type: 'Feature', geometry: { type: 'Point', coordinates: [10.5, 43.84] }, properties: {} },
		{ type: 'FeatureCollection', features: [] },
		{ type: 'linestring', coordinates: [square[0], square[1]] },
		{ type: 'Point' },
		{ coordinates: [10.5, 43.84] },
		{ type: 'Point', coordinates: { lon: 10.5, lat: 43.84 } },
		{ type: 'Point', coordinates: '10.5,43.84' },
		{
			type: 'Point',
			coordinates: [10.5, 43.84],
			crs: { type: 'name', properties: { name: 'EPSG:3003' } }
		},
		{ type: 'Polygon', coordinates: [] },
		{ type: 'Polygon', coordinates: [square.slice(0, 4)] },
		{ type: 'Polygon', coordinates: [square.slice(0, 3)] },
		{ type: 'Polygon', coordinates: [[square[0], square[0], square[0], square[0]]] },
		{
			type: 'Polygon',
			// A hole outside its shell.
			coordinates: [square, square.map(([x, y]) => [x + 0.1, y + 0.1])]
		},
		{ type: 'LineString', coordinates: [square[0], square[0]] },
		{ type: 'LineString', coordinates: [square[0]] },
		'POINT(10.5 43.84)',
		null,
		[]
	)
);

// ---- Proposals --------------------------------------------------------------------------------

const validDates = fc
	.tuple(fc.integer({ min: 2025, max: 2035 }), fc.integer({ min: 0, max: 4 }))
	.map(([year, span]) => [String(year), String(year + span)] as const);

/** Fields a planner may send, each valid. */
const validProposalFields = {
	title: fc.constantFrom('Ciclabile di prova', 'Dorsale in fibra (prova)', 'Proposta «di prova»'),
	description: fc.constantFrom(null, '', 'Una descrizione di prova.'),
	geometry: validGeometry,
	primary_ambito: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
	guidelines: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }),
	funding_hypotheses: fc.constantFrom(null, 'FESR 2021-2027'),
	distance_km: fc.double({ min: 0.1, max: 20, noNaN: true })
};

/** A valid proposal body: a cost only with its basis, an end only after the start. */
export const validProposal = fc
	.tuple(
		fc.record(validProposalFields, { requiredKeys: ['title', 'geometry'] }),
		fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: undefined }),
		fc.option(validDates, { nil: undefined })
	)
	.map(([fields, cost, dates]) => ({
		...fields,
		...(cost === undefined ? {} : { estimated_cost_eur: cost, cost_basis: 'Stima di prova' }),
		...(dates === undefined ? {} : { start_date: dates[0], end_date: dates[1] })
	}));

/** Dates the schema's pattern lets through, real or not (2026-02-30), in any order. */
const partialDate = fc.oneof(
	fc.integer({ min: 1000, max: 9999 }).map(String),
	fc
		.tuple(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 0, max: 99 }))
		.map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
	fc
		.tuple(
			fc.integer({ min: 1990, max: 2060 }),
			fc.integer({ min: 1, max: 12 }),
			fc.integer({ min: 1, max: 31 })
		)
		.map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
);
const savableText = (max: number) =>
	fc.oneof(
		fc.constantFrom(
			"'; drop table public.intervention; --",
			'<script>alert(1)</script>',
			'🙂 Città',
			'\u00e0'
		),
		fc.string({ unit: 'grapheme', maxLength: max })
	);

/**
 * Anything a planner may try to save that passes the field checks: costs up to the largest the
 * database holds, with or without a basis, dates of any shape the pattern takes, in any order.
 */
export const savableProposal = fc.record(
	{
		title: fc.constantFrom(
			'Proposta adottabile (prova)',
			"Proposta con l'apostrofo",
			'Proposta 🙂'
		),
		description: fc.option(savableText(200), { nil: null }),
		geometry: validGeometry,
		primary_ambito: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
		guidelines: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }),
		estimated_cost_eur: fc.option(fc.double({ min: 0, max: 99_999_999_999_999, noNaN: true }), {
			nil: null
		}),
		cost_basis: fc.option(savableText(100), { nil: null }),
		funding_hypotheses: fc.option(savableText(100), { nil: null }),
		start_date: fc.option(partialDate, { nil: null }),
		end_date: fc.option(partialDate, { nil: null }),
		distance_km: fc.double({ min: 0.1, max: 20, noNaN: true })
	},
	{ requiredKeys: ['title', 'geometry'] }
);

/** Values no field of a proposal takes, or that only some take: random JSON of every type. */
const anyValue: fc.Arbitrary<Json> = fc.oneof(
	fc.jsonValue({ maxDepth: 2 }),
	hostileText({ maxBytes: 20_000 }),
	fc.double(),
	fc.constantFrom<Json>(
		null,
		true,
		false,
		0,
		-1,
		1.5,
		1e15,
		1e300,
		-1e300,
		2147483648,
		[],
		{},
		[[]],
		'1'
	),
	fc
		.constantFrom(...NUMBER_TEXTS, '1e309')
		.map((literal) =>
			/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(literal) ? new RawNumber(literal) : literal
		)
);

/** Values just outside what each field takes. */
const outOfRange: Record<string, Json[]> = {
	title: ['', '   ', 'x'.repeat(201), '\u0000', 'Titolo\u0000', 42],
	description: ['x'.repeat(10_001), 'a\u0000b', 7],
	geometry: [null, 'LINESTRING(10.5 43.8, 10.6 43.9)'],
	primary_ambito: [0, 9, 1.5, -1, '1', new RawNumber('1e309')],
	guidelines: [[0], [7], [1.5], '1', [null], 3],
	estimated_cost_eur: [-1, -0.01, 1e14, 1e15, 1e300, '100', new RawNumber('1e400')],
	cost_basis: ['x'.repeat(2001), 'base\u0000'],
	funding_hypotheses: ['x'.repeat(2001), '\u0000'],
	start_date: ['2024-1-1', '24', 'abc', '20240101', ' 2024', '2024/01/01', 2024],
	end_date: ['2024-1-1', '1999-13', 'domani', '2024\u0000'],
	distance_km: [0, 0.05, 20.01, -1, '1', new RawNumber('1e309'), new RawNumber('-0')]
};

export type Fault =
	| { kind: 'set'; field: string; value: Json }
	| { kind: 'drop'; field: string }
	| { kind: 'whole'; value: Json };

/** One fault applied to a valid body: a field out of range or of any type, a field missing, or no object at all. */
export function fault(
	fields: Record<string, Json[]>,
	required: readonly string[]
): fc.Arbitrary<Fault> {
	const names = Object.keys(fields);
	return fc.oneof(
		{
			weight: 4,
			arbitrary: fc
				.constantFrom(...names)
				.chain((field) =>
					fc.constantFrom(...fields[field]).map((value) => ({ kind: 'set' as const, field, value }))
				)
		},
		{
			weight: 3,
			arbitrary: fc.record({
				kind: fc.constant('set' as const),
				field: fc.constantFrom(...names),
				value: anyValue
			})
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constant('drop' as const),
				field: fc.constantFrom(...required)
			})
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constant('whole' as const),
				value: fc.oneof(fc.jsonValue(), fc.anything({ maxDepth: 3 }))
			})
		}
	);
}

export function applyFault(body: Record<string, Json>, change: Fault): Json {
	if (change.kind === 'whole') return change.value;
	const copy = { ...body };
	if (change.kind === 'drop') delete copy[change.field];
	else copy[change.field] = change.value;
	return copy;
}

/** A proposal body with one controlled fault (POST /api/v1/proposals). */
export const faultyProposal = fc
	.tuple(validProposal, fault(outOfRange, ['title', 'geometry']))
	.map(([body, change]) => bodyText(applyFault(body, change)));

/** A proposal body with a version, and one controlled fault (PATCH /api/v1/proposals/{id}). */
export const faultyProposalEdit = fc
	.tuple(
		validProposal,
		fc.integer({ min: 1, max: 4 }),
		fault(
			{
				...outOfRange,
				version: [
					0,
					-1,
					1.5,
					2147483648,
					1e15,
					'1',
					null,
					new RawNumber('1e309'),
					new RawNumber('-0')
				]
			},
			['title', 'geometry', 'version']
		)
	)
	.map(([body, version, change]) => bodyText(applyFault({ ...body, version }, change)));

/** A valid proposal but for a hostile geometry. */
export const proposalWithHostileGeometry = fc
	.tuple(validProposal, hostileGeometry)
	.map(([body, geometry]) => bodyText({ ...body, geometry }));

// ---- Comments and transitions ---------------------------------------------------------------

export const faultyComment = fc
	.tuple(
		fc.constantFrom('Un commento di prova.', 'Verificare le intersezioni.'),
		fault({ body: ['', '   ', 'x'.repeat(4001), '\u0000', 'ok\u0000', 12, null, ['a']] }, ['body'])
	)
	.map(([body, change]) => bodyText(applyFault({ body }, change)));

const STATUSES = ['submitted', 'under_review', 'adopted', 'rejected'] as const;

export const faultyTransition = fc
	.tuple(
		fc.constantFrom(...STATUSES),
		fc.integer({ min: 1, max: 4 }),
		fc.constantFrom(null, 'Motivo di prova.'),
		fault(
			{
				to: ['draft', 'approved', 'SUBMITTED', '', null, 1, ['submitted']],
				version: [0, -1, 1.5, 2147483648, 1e15, '2', null, new RawNumber('1e309')],
				reason: ['x'.repeat(2001), '\u0000', 'motivo\u0000', 5, ['a'], '   ']
			},
			['to', 'version']
		)
	)
	.map(([to, version, reason, change]) => bodyText(applyFault({ to, version, reason }, change)));

// ---- Malformed text and content types --------------------------------------------------------

/** JSON text broken in the ways hand-written and truncated requests are. */
export const malformedText: fc.Arbitrary<Body> = fc.oneof(
	fc.tuple(validProposal, fc.double({ min: 0, max: 0.999, noNaN: true })).map(([body, cut]) => {
		const text = JSON.stringify(body);
		return { text: text.slice(0, Math.floor(text.length * cut)) };
	}),
	fc
		.constantFrom(
			'{"title": ',
			'{"title": "x",}',
			"{'title': 'x'}",
			'{/* commento */ "title": "x"}',
			'{"version": NaN}',
			'{"version": 0x10}',
			'\uFEFF{"title": "x"}',
			'{"title": "x"} trailing',
			'{"title": "\\ud800"',
			'{"title": "\\x00"}',
			'undefined',
			'',
			' ',
			'title=x&geometry=y',
			'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--x--'
		)
		.map((text) => ({ text })),
	fc
		.integer({ min: 1, max: 100_000 })
		.map((depth) =>
			labelled({ text: '['.repeat(depth) + ']'.repeat(depth) }, `arrays nested ${depth} deep`)
		),
	fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text })),
	// Over the 5 MB limit.
	fc.constant(
		labelled({ text: JSON.stringify({ title: 'x'.repeat(5.5 * 1024 * 1024) }) }, '5.5 MB body')
	)
);

/** What the body claims to be: JSON, or anything else, or nothing. */
export const contentType = fc.constantFrom<string | null>(
	'application/json',
	'application/json; charset=utf-8',
	'application/json; charset=utf-16',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'application/xml',
	'application/octet-stream',
	'',
	null
);
