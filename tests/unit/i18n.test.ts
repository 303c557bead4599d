import { describe, expect, it } from 'vitest';
import { negotiateLang, translate, translator } from '../../src/lib/i18n/index.ts';
import { en } from '../../src/lib/i18n/messages/en.ts';
import { it as italian } from '../../src/lib/i18n/messages/it.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	it('English has every Italian key, with the same placeholders', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(italian).sort());
		for (const key of Object.keys(italian) as (keyof typeof italian)[]) {
			expect(en[key].trim(), key).not.toBe('');
			expect(placeholders(en[key]), key).toEqual(placeholders(italian[key]));
		}
	});
	it('fills placeholders', () => {
		expect(translate('it', 'api.unknownIstat', { code: '046999' })).toBe(
			'Nessun comune della provincia ha il codice ISTAT 046999.'
		);
	});
	it('writes dates with the precision the source gives', () => {
		expect(translator('it').date('2025-06-30')).toBe('30/06/2025');
		expect(translator('en').date('2025-06-30')).toBe('30 June 2025');
		expect(translator('it').date('2021-01')).toBe('gennaio 2021');
		expect(translator('en').date('2021-01')).toBe('January 2021');
		expect(translator('it').date('2019')).toBe('2019');
	});
	it('formats figures per language and says when one is unknown', () => {
		expect(translator('it').figure(1234.5, 1, 'km²')).toBe('1.234,5 km²');
		expect(translator('en').figure(1234.5, 1, 'km²')).toBe('1,234.5 km²');
		expect(translator('it').figure(null)).toBe('dato non disponibile');
		expect(translator('en').figure(undefined)).toBe('data not available');
	});
});

describe('negotiateLang', () => {
	it('is Italian by default', () => {
		expect(negotiateLang({})).toBe('it');
	});
	it('prefers ?lang= over the cookie, and ignores unknown languages', () => {
		expect(negotiateLang({ query: 'en', cookie: 'it' })).toBe('en');
		expect(negotiateLang({ query: 'fr', cookie: 'en' })).toBe('en');
		expect(negotiateLang({ query: 'fr', cookie: 'de' })).toBe('it');
	});
});
