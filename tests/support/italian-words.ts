// The Italian words of the atlas's own strings, for tests that check an English page or record
// carries none of them. Built from the Italian message catalogue and the Italian fields of the
// data, less every word the English catalogue and the reviewed English fields also use (names of
// places and plans, "per", "via"…). The owners' names stay as their owners write them: a text is
// read without them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it as itMessages } from '../../src/lib/i18n/messages/it.ts';
import { en as enMessages } from '../../src/lib/i18n/messages/en.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** A text in both languages; a plain string is a field written once and shown in both. */
export type Texts = string | { it: string; en: string };
export const inLang = (value: Texts, lang: 'it' | 'en') =>
	typeof value === 'string' ? value : value[lang];

export interface ManifestSource {
	title: Texts;
	version: Texts;
	licence: Texts;
	attribution: Texts;
	/** The owners' names the attribution carries unchanged in every language. */
	names?: string[];
	owner: string;
}

export interface CatalogueLayer {
	id: string;
	title: { it: string; en: string };
	description: { it: string; en: string };
	method: { it: string; en: string };
	gaps: { it: string; en: string };
	precision: Texts;
	licence: Texts;
	sources: { owner?: string; title: Texts; url: string }[];
}

export interface AtlasTexts {
	sources: Record<string, ManifestSource>;
	layers: CatalogueLayer[];
	/**
	 * Every text of the curated records (places, districts, interventions…) in both languages:
	 * {it, en} objects, and fields written as `x` or `x_it` beside `x_en` (field: x).
	 */
	curated: CuratedText[];
}

export interface CuratedText {
	field: string;
	it: string;
	en: string;
}

/** Every text in both languages in a parsed JSON value, however deep. */
function bilingualTexts(value: unknown, field = ''): CuratedText[] {
	if (Array.isArray(value)) return value.flatMap((item) => bilingualTexts(item, field));
	if (!value || typeof value !== 'object') return [];
	const record = value as Record<string, unknown>;
	if (typeof record.it === 'string' && typeof record.en === 'string')
		return [{ field, it: record.it, en: record.en }];
	const pairs = Object.keys(record).flatMap((key): CuratedText[] => {
		const base = key.replace(/_en$/, '');
		const italian = record[`${base}_it`] ?? record[base];
		return key.endsWith('_en') && typeof record[key] === 'string' && typeof italian === 'string'
			? [{ field: base, it: italian, en: record[key] as string }]
			: [];
	});
	return [
		...pairs,
		...Object.entries(record).flatMap(([key, inner]) => bilingualTexts(inner, key))
	];
}

/** geodata/manifest.json and geodata/layers.json as they are in the repository. */
export function readAtlasTexts(dir = path.join(root, 'geodata'), province = '046'): AtlasTexts {
	const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
	const curatedDir = path.join('curated', province);
	return {
		sources: read('manifest.json').sources,
		layers: read('layers.json').layers,
		curated: readdirSync(path.join(dir, curatedDir))
			.filter((file) => /\.(geo)?json$/.test(file))
			.flatMap((file) => bilingualTexts(read(path.join(curatedDir, file))))
	};
}

/**
 * A text without what is not prose: placeholders ({name}), addresses, repository paths
 * (sabas/trenitalia), file and host names (stazioni_coord.tsv, geo.agcom.it) and slugs
 * (regione-toscana-pnrr), which are names whatever their language.
 */
export function withoutIdentifiers(text: string): string {
	return text
		.replace(/\{\w+\}/g, ' ')
		.replace(/https?:\/\/\S+/g, ' ')
		.replace(/[\w.@-]+(\/[\w.@-]+)+/g, ' ')
		.replace(/\S*_\S*/g, ' ')
		.replace(/\b[\w-]+(\.[a-z][\w-]*)+\b/g, ' ')
		.replace(/\b[a-z0-9]+(-[a-z0-9]+){2,}\b/g, ' ');
}

/** The lower-case words of a text's prose (see withoutIdentifiers). */
export function wordsOf(text: string): string[] {
	return (
		withoutIdentifiers(text)
			.toLowerCase()
			.match(/[\p{L}\p{N}]+/gu)
			// Identifiers with figures (TrattePC2026, A11) are names, not words.
			?.filter((token) => !/\p{N}/u.test(token)) ?? []
	);
}

/** Every owner's name of the data: manifest owners and names, and the layer sources' owners. */
export function ownerNames(data: AtlasTexts): string[] {
	return [
		...Object.values(data.sources).flatMap((s) => [s.owner, ...(s.names ?? [])]),
		...data.layers.flatMap((l) => l.sources.flatMap((s) => (s.owner ? [s.owner] : [])))
	];
}

/** The Italian words of the atlas's own strings (see the module's comment). */
export function italianAtlasWords(data: AtlasTexts = readAtlasTexts()): Set<string> {
	const italian = [
		...Object.values(itMessages),
		...Object.values(data.sources).flatMap((s) =>
			[s.title, s.version, s.licence, s.attribution].map((v) => inLang(v, 'it'))
		),
		...data.layers.flatMap((l) => [
			...[l.title, l.description, l.method, l.gaps, l.precision, l.licence].map((v) =>
				inLang(v, 'it')
			),
			...l.sources.map((s) => inLang(s.title, 'it'))
		]),
		// A record's owner is a name (its English translates only the atlas's words about it).
		...data.curated.filter((text) => text.field !== 'owner').map((text) => text.it)
	];
	const shared = new Set(
		[
			...Object.values(enMessages),
			// The reviewed English prose of the layers: the fields under test are not among them.
			...data.layers.flatMap((l) => [l.title.en, l.description.en, l.method.en, l.gaps.en]),
			// The curated records' licences are under test, as the sources' are.
			...data.curated
				.filter((text) => text.field !== 'licence' && text.field !== 'owner')
				.map((text) => text.en)
		].flatMap(wordsOf)
	);
	return new Set(italian.flatMap(wordsOf).filter((word) => !shared.has(word)));
}

/** The words of `text`, less the owners' names in it, that are Italian words of the atlas's own strings. */
export function italianWordsIn(text: string, italian: Set<string>, names: string[]): string[] {
	// Names are read out of the text as it is read (a name may hold a host name: altopascio.info).
	const longestFirst = [...new Set(names.map(withoutIdentifiers))].sort(
		(a, b) => b.length - a.length
	);
	// A whole name only: "Versilia" is not read out of "Versilian".
	const wholeName = (name: string) =>
		new RegExp(
			`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
			'gu'
		);
	const unnamed = longestFirst.reduce(
		(rest, name) => rest.replace(wholeName(name), ' '),
		withoutIdentifiers(text)
	);
	return [...new Set(wordsOf(unnamed).filter((word) => italian.has(word)))];
}
