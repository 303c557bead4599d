import { getContext, setContext } from 'svelte';
import { translator, type Lang, type Translator } from './index.ts';

/** The page's language and its translator, shared through context. */
export class I18n {
	readonly #lang: () => Lang;
	lang = $derived.by(() => this.#lang());
	t: Translator = $derived(translator(this.lang));

	constructor(lang: () => Lang) {
		this.#lang = lang;
	}
}

const KEY = Symbol('i18n');

export function prepareI18n(lang: () => Lang): I18n {
	return setContext(KEY, new I18n(lang));
}

export function getI18n(): I18n {
	const i18n = getContext<I18n | undefined>(KEY);
	if (!i18n) throw new Error('getI18n() needs prepareI18n() in a parent component');
	return i18n;
}
