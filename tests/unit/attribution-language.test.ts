import { describe, expect, it } from 'vitest';
import { layerAttribution } from '../../src/lib/downloads.ts';
import { attributionOf, boundaryAttribution } from '../../src/lib/map/thematic.ts';
import type { LayerInfo } from '../../src/lib/types.ts';
import {
	inLang,
	italianAtlasWords,
	italianWordsIn,
	ownerNames,
	readAtlasTexts,
	type CatalogueLayer,
	type Texts
} from '../support/italian-words.ts';

const data = readAtlasTexts();
const italian = italianAtlasWords(data);
const names = ownerNames(data);

/** A catalogue entry as the server lists it (the fields the attribution reads). */
const asLayerInfo = (layer: CatalogueLayer) =>
	({
		...layer,
		sources: layer.sources.map((s) => ({
			...s,
			owner: s.owner ?? '',
			title: asBilingual(s.title)
		})),
		theme: 'test',
		data_date: null
	}) as unknown as LayerInfo;

/** A field written once (before the data were bilingual) reads the same in both languages. */
const asBilingual = (value: Texts) => ({ it: inLang(value, 'it'), en: inLang(value, 'en') });

/**
 * A curated owner without the names its English keeps as written: the capitalised parts of the
 * English found word for word in the Italian ("Unione dei Comuni della Media Valle del Serchio"),
 * never the atlas's own words about it ("fonte dell'indirizzo").
 */
function withoutKeptNames(owner: { it: string; en: string }) {
	const kept = owner.en
		.split(/;|–|\(|\)/)
		.map((part) => part.trim())
		.filter((part) => /^\p{Lu}/u.test(part) && owner.it.includes(part));
	const without = (text: string) => kept.reduce((rest, name) => rest.replaceAll(name, ' '), text);
	return { it: without(owner.it), en: without(owner.en) };
}

/** Every text of a source record and a layer shown in `lang`, named by where it comes from. */
function shownTexts(lang: 'it' | 'en'): [string, string][] {
	const sources = Object.entries(data.sources);
	return [
		...sources.flatMap(([id, s]): [string, string][] => [
			[`${id}.title`, inLang(s.title, lang)],
			[`${id}.version`, inLang(s.version, lang)],
			[`${id}.licence`, inLang(s.licence, lang)],
			[`${id}.attribution`, inLang(s.attribution, lang)]
		]),
		...data.layers.flatMap((l): [string, string][] => [
			[`${l.id}.precision`, inLang(l.precision, lang)],
			[`${l.id}.licence`, inLang(l.licence, lang)],
			...l.sources.map((s, i): [string, string] => [
				`${l.id}.sources[${i}].title`,
				inLang(s.title, lang)
			]),
			[`${l.id} on the map`, attributionOf(asLayerInfo(l), lang)],
			[
				`${l.id} in its files`,
				layerAttribution(
					{ title: l.title, sources: l.sources.map((s) => ({ title: asBilingual(s.title) })) },
					lang
				)
			]
		]),
		...data.curated
			.filter((text) => text.field === 'licence')
			.map((text): [string, string] => [`a curated record's licence`, text[lang]]),
		...data.curated
			.filter((text) => text.field === 'owner')
			.map((text): [string, string] => [`a curated record's owner`, withoutKeptNames(text)[lang]]),
		[
			'municipalities on the map',
			boundaryAttribution(
				sources.map(([id, s]) => ({ id, attribution: asBilingual(s.attribution) })),
				lang
			)
		]
	];
}

describe('the English attribution has no Italian words from the atlas’s own strings', () => {
	it('holds the Italian words of the catalogue and the data, not those English shares', () => {
		// Words the issue found in the English attribution line, and words English also uses.
		for (const word of ['confini', 'popolazione', 'gennaio', 'fonte', 'nessuna', 'licenza'])
			expect(italian, word).toContain(word);
		for (const word of ['per', 'via', 'lucca', 'istat', 'pnrr'])
			expect(italian).not.toContain(word);
	});

	it('finds Italian words on the Italian side (the check can see them)', () => {
		const found = shownTexts('it').filter(
			([, text]) => italianWordsIn(text, italian, names).length > 0
		);
		expect(found.length).toBeGreaterThan(20);
	});

	it('every source record and layer says its attribution, licence and precision in English', () => {
		const offending = shownTexts('en')
			.map(([where, text]) => [where, italianWordsIn(text, italian, names).join(' ')])
			.filter(([, words]) => words !== '');
		expect(offending).toEqual([]);
	});

	it('keeps the owners’ names as their owners write them, in both languages', () => {
		for (const lang of ['it', 'en'] as const) {
			for (const [id, source] of Object.entries(data.sources)) {
				expect(source.names?.length, id).toBeGreaterThan(0);
				const said = [source.attribution, source.licence, source.version]
					.map((text) => inLang(text, lang))
					.join(' ');
				for (const name of source.names ?? []) expect(said, `${id} (${lang})`).toContain(name);
			}
			for (const layer of data.layers) {
				const line = attributionOf(asLayerInfo(layer), lang);
				expect(line.startsWith(`${layer.title[lang]}: `), line).toBe(true);
				for (const source of layer.sources) expect(line, layer.id).toContain(source.owner);
			}
		}
	});
});
