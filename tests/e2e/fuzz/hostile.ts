// Hostile values for query parameters, path segments and body fields, and the query strings
// they travel in.
import fc from 'fast-check';

const SQL_FRAGMENTS = [
	"'",
	"''",
	"' OR '1'='1",
	"'; drop table public.proposal; --",
	'1 OR 1=1',
	'1; select pg_sleep(10) --',
	"') or true --",
	"046017' --",
	'\\',
	'%',
	'_',
	'$1',
	'::text',
	'/*',
	'*/',
	'union select null, null --'
];
/** Numbers as people and programs mistype them, and as JavaScript and PostgreSQL disagree on them. */
export const NUMBER_TEXTS = [
	'NaN',
	'Infinity',
	'-Infinity',
	'1e309',
	'-1e309',
	'-0',
	'+0',
	'0',
	'1e-400',
	'0x10',
	'0b1',
	'1_000',
	' 5 ',
	'5.',
	'.5',
	'1e2',
	'-1',
	'2.5',
	'9007199254740993',
	'2147483648',
	'99999999999999999999',
	'1,5',
	'١٢',
	'５',
	''
];
const UNICODE_TEXTS = [
	'Città di Lucca',
	'🙂',
	'👨‍👩‍👧',
	'\u202Eabc',
	'\uFEFF',
	'\u200B',
	'\ud800',
	'a\udfffb',
	'東京',
	'e\u0301',
	'Ａ'
];
const CONTROL_TEXTS = ['\u0000', 'a\u0000b', '\u0000\u0000', '\r\n', '\t', '\u0007', '\u001b[31m'];
/** Percent signs the server sees literally (the request encodes them as %25). */
const PERCENT_TEXTS = ['%', '%Z', '%ZZ', '%E0%A4%A', '%00', '%C0%AF', '%FF', '%2e%2e%2f', '%u0041'];

/** Percent-encoding that is broken as sent: the server decodes it itself. */
export const RAW_PERCENT_GARBAGE = [
	'%',
	'%Z',
	'%ZZ',
	'%E0%A4%A',
	'%C0%AF',
	'%FF%FE',
	'%%',
	'%u0041',
	'%E0%80%80',
	'%F4%90%80%80',
	'%ED%A0%80',
	'%0',
	'a%2'
];

/** A long run of one hostile character, at most `maxBytes` once percent-encoded. */
const longText = (maxBytes: number) =>
	fc
		.tuple(fc.constantFrom('x', 'à', '\u0000', "'", '🙂'), fc.integer({ min: 100, max: maxBytes }))
		.map(([unit, bytes]) => unit.repeat(Math.max(1, Math.floor(bytes / encode(unit).length))));

const fragment = fc.constantFrom(
	...SQL_FRAGMENTS,
	...NUMBER_TEXTS,
	...UNICODE_TEXTS,
	...CONTROL_TEXTS,
	...PERCENT_TEXTS
);

/** Any hostile text: injection fragments, odd numbers, unicode, control characters, long runs. */
export const hostileText = (options: { maxBytes?: number } = {}) =>
	fc.oneof(
		{ weight: 4, arbitrary: fragment },
		{
			weight: 2,
			arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fragment).map(([a, b]) => a + b)
		},
		{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
		{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
		{ weight: 1, arbitrary: longText(options.maxBytes ?? 2_000) }
	);

/** Text for a URL: encodeURIComponent refuses lone surrogates, so they become U+FFFD first. */
export const encode = (text: string) => encodeURIComponent(text.toWellFormed());

/** A query parameter: a plausible value, a hostile one, or broken percent-encoding sent raw. */
export interface QueryParam {
	name: string;
	value: string;
	/** Sent as it is, not percent-encoded. */
	raw?: boolean;
}

export function queryParam(
	name: string,
	plausible: fc.Arbitrary<string>
): fc.Arbitrary<QueryParam> {
	return fc.oneof(
		{ weight: 3, arbitrary: plausible.map((value) => ({ name, value })) },
		{ weight: 4, arbitrary: hostileText().map((value) => ({ name, value })) },
		{
			weight: 1,
			arbitrary: fc
				.constantFrom(...RAW_PERCENT_GARBAGE)
				.map((value) => ({ name, value, raw: true }))
		}
	);
}

/** `?lang=` first or not at all, sometimes repeated, sometimes not a language. */
export const langParams = fc.array(fc.constantFrom('it', 'en', 'EN', 'fr', '', 'en,it', "en'--"), {
	maxLength: 2
});

/** Node answers 431 without a body for request heads over 16 KB: queries stay well under. */
const MAX_QUERY_BYTES = 10_000;

/** The query string of these parameters, dropping the last ones if it would grow too long. */
export function queryString(params: readonly QueryParam[], lang: readonly string[]): string {
	const parts: string[] = lang.map((value) => `lang=${encode(value)}`);
	for (const p of params) {
		const part = `${encode(p.name)}=${p.raw ? p.value : encode(p.value)}`;
		if (parts.join('&').length + part.length > MAX_QUERY_BYTES) break;
		parts.push(part);
	}
	return parts.length ? `?${parts.join('&')}` : '';
}

/** A path segment: hostile text, percent-encoded so the server sees it exactly, or raw garbage. */
export const hostileSegment = fc.oneof(
	{ weight: 5, arbitrary: hostileText({ maxBytes: 4_000 }).map(encode) },
	{ weight: 1, arbitrary: fc.constantFrom(...RAW_PERCENT_GARBAGE) }
);

/** A list of values as a comma-separated parameter: `1,5`. */
export const commaList = (item: fc.Arbitrary<string>) =>
	fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
