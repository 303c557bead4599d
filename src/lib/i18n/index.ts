import { en } from './messages/en.ts';
import { it, type MessageKey } from './messages/it.ts';

export type { MessageKey };
export const LANGUAGES = ['it', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'it';

const catalogues: Record<Lang, Record<MessageKey, string>> = { it, en };
const locales: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };

export function isLang(value: unknown): value is Lang {
	return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Whether a key built at run time (e.g. from a database field name) has a message. */
export function hasMessage(key: string): key is MessageKey {
	return key in catalogues.it;
}

/** The message for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function translate(
	lang: Lang,
	key: MessageKey,
	params: Record<string, string | number> = {}
): string {
	return catalogues[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/**
 * Picks the language: an explicit `?lang=`, then the cookie set by the language switch, then
 * Italian. The browser's Accept-Language is not consulted: the atlas is Italian first.
 */
export function negotiateLang(options: { query?: string | null; cookie?: string | null }): Lang {
	if (isLang(options.query)) return options.query;
	if (isLang(options.cookie)) return options.cookie;
	return DEFAULT_LANG;
}

export function formatNumber(lang: Lang, value: number, fractionDigits = 0): string {
	return new Intl.NumberFormat(locales[lang], {
		minimumFractionDigits: fractionDigits,
		maximumFractionDigits: fractionDigits,
		// Italian style writes 1.234 too, not only from 10.000.
		useGrouping: 'always'
	}).format(value);
}

/** A translator bound to one language, as components use it. */
export function translator(lang: Lang) {
	const t = (key: MessageKey, params?: Record<string, string | number>) =>
		translate(lang, key, params);
	return Object.assign(t, {
		lang,
		number: (value: number, fractionDigits = 0) => formatNumber(lang, value, fractionDigits),
		date: (isoDate: string) => formatDate(lang, isoDate),
		/** A figure, or "dato non disponibile" when it is unknown. */
		figure: (value: number | null | undefined, fractionDigits = 0, unit = '') =>
			value === null || value === undefined || Number.isNaN(value)
				? translate(lang, 'common.notAvailable')
				: `${formatNumber(lang, value, fractionDigits)}${unit ? ` ${unit}` : ''}`
	});
}

export type Translator = ReturnType<typeof translator>;

/**
 * A date as the language writes it: 30/06/2025 or 30 June 2025; sources dated only by month or
 * year (YYYY-MM, YYYY) keep that precision: gennaio 2021, 2019.
 */
export function formatDate(lang: Lang, isoDate: string): string {
	const [year, month, day] = isoDate.split('-').map(Number);
	if (!month) return String(year);
	return new Intl.DateTimeFormat(locales[lang], {
		...(day ? { day: 'numeric', month: lang === 'it' ? '2-digit' : 'long' } : { month: 'long' }),
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(year, month - 1, day || 1)));
}
