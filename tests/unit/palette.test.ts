import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
	differenceCiede2000,
	filterDeficiencyDeuter,
	filterDeficiencyProt,
	filterDeficiencyTrit,
	parse,
	wcagContrast,
	type Color
} from 'culori';
import { describe, expect, it } from 'vitest';
import { lightTheme } from '../../src/lib/map/theme.ts';

/** WCAG 2.1 AA (1.4.3) for body text. */
const TEXT_CONTRAST = 4.5;
/**
 * CIEDE2000 ≈ 2.3 is a just-noticeable difference for large patches seen side by side. Map
 * symbols are small, translucent areas or thin outlines, matched against a legend some way off:
 * we ask for about four times that, 10, before two categories count as told apart.
 */
const DISTINGUISHABLE = 10;

const deltaE = differenceCiede2000();
const colour = (css: string): Color => parse(css)!;
const VISION: Record<string, (c: string) => Color> = {
	'normal vision': colour,
	protanopia: (c) => filterDeficiencyProt(1)(colour(c)),
	deuteranopia: (c) => filterDeficiencyDeuter(1)(colour(c)),
	tritanopia: (c) => filterDeficiencyTrit(1)(colour(c))
};

/** Every pair of a palette closer than the threshold under a simulated vision. */
function confusedPairs(palette: Record<string, string>, simulate: (c: string) => Color) {
	const entries = Object.entries(palette);
	const close: string[] = [];
	entries.forEach(([a, ca], i) =>
		entries.slice(i + 1).forEach(([b, cb]) => {
			const difference = deltaE(simulate(ca), simulate(cb));
			if (difference < DISTINGUISHABLE) close.push(`${a}/${b} ΔE ${difference.toFixed(1)}`);
		})
	);
	return close;
}

describe('categorical colours stay apart for colour-blind readers', () => {
	const palettes = {
		'industrial district sectors': lightTheme.districtColors,
		'stati di avanzamento': lightTheme.progressColors,
		"ambiti d'intervento": Object.fromEntries(
			lightTheme.ambitoColors.map((colour, index) => [`ambito ${index + 1}`, colour])
		)
	};
	for (const [name, palette] of Object.entries(palettes))
		for (const [vision, simulate] of Object.entries(VISION))
			it(`${name}, ${vision}`, () => expect(confusedPairs(palette, simulate)).toEqual([]));

	it('the check fails a pair that protanopes confuse (Dark2 purple beside a Paired blue)', () => {
		expect(confusedPairs({ a: '#7570b3', b: '#1f78b4' }, VISION.protanopia)).toHaveLength(1);
		expect(confusedPairs({ a: '#7570b3', b: '#1f78b4' }, VISION['normal vision'])).toEqual([]);
	});
});

describe('map text contrast', () => {
	it.each<[string, string, string]>([
		['label on its halo', lightTheme.label, lightTheme.labelHalo],
		['label on the land', lightTheme.label, lightTheme.land],
		['label on a municipality', lightTheme.label, lightTheme.municipalityFill],
		['label on the sea', lightTheme.label, lightTheme.sea],
		...lightTheme.ambitoColors.map((fill, index): [string, string, string] => [
			`ambito ${index + 1}'s badge`,
			lightTheme.ambitoInk[index],
			fill
		])
	])('%s ≥ 4.5:1', (_, text, background) =>
		expect(wcagContrast(text, background)).toBeGreaterThanOrEqual(TEXT_CONTRAST)
	);
});

/**
 * The interface's text colours, read from the components' own styles: a rule that sets both a
 * text colour and a background is checked against that background, a rule with a text colour only
 * against every light surface the pages put text on (cards, panels, the page). A pair of custom
 * properties (`color: var(--ink)` on `background: var(--colour)`) comes from the theme and is
 * checked above; a fixed text colour on a theme colour is not allowed.
 */
describe('interface text contrast (the components’ styles)', () => {
	const SURFACES = ['#ffffff', '#faf8f3', '#f4f1ea', '#ebe7de'];
	const root = path.resolve(import.meta.dirname, '../../src');
	const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
		f.endsWith('.svelte')
	);
	const colourOf = (rule: string, property: RegExp) => {
		const value = rule.match(property)?.[1]?.trim();
		return value && parse(value) ? value : undefined;
	};
	const pairs = files.flatMap((file) => {
		const style = readFileSync(path.join(root, file), 'utf8').match(
			/<style>([\s\S]*?)<\/style>/
		)?.[1];
		if (!style) return [];
		return style.split('}').flatMap((rule) => {
			const text = colourOf(rule, /(?:^|[;{\s])color:\s*([^;}!]+)/);
			if (!text) return [];
			const themed = /background(?:-color)?:\s*var\(/.test(rule);
			if (themed) return [{ where: rule.trim(), text, surface: 'a theme colour' }];
			const background = colourOf(rule, /background(?:-color)?:\s*(#[0-9a-f]{3,8}|white|black)/i);
			const selector = rule.slice(0, rule.indexOf('{')).trim().split('\n').at(-1);
			return (background ? [background] : SURFACES).map((surface) => ({
				where: `${file} ${selector}`,
				text,
				surface
			}));
		});
	});

	it('finds the components’ text colours', () => expect(pairs.length).toBeGreaterThan(100));
	it('every text colour reaches 4.5:1 on its background', () => {
		const failing = pairs
			.map((p) => ({
				...p,
				ratio: parse(p.surface) ? Number(wcagContrast(p.text, p.surface).toFixed(2)) : 0
			}))
			.filter((p) => p.ratio < TEXT_CONTRAST);
		expect(failing).toEqual([]);
	});
});
