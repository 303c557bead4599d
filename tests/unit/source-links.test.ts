import { describe, expect, it } from 'vitest';
import { citationParts } from '../../src/lib/source-links.ts';

describe('citationParts', () => {
	it('links every URL of a citation and keeps the text around them', () => {
		expect(
			citationParts('ANAS (loschermo.it, https://a.example/x/); La Nazione (https://b.example/y/1)')
		).toEqual([
			{ text: 'ANAS (loschermo.it, ' },
			{ text: 'https://a.example/x/', href: 'https://a.example/x/' },
			{ text: '); La Nazione (' },
			{ text: 'https://b.example/y/1', href: 'https://b.example/y/1' },
			{ text: ')' }
		]);
	});
	it('leaves sentence punctuation out of the link', () => {
		expect(citationParts('see https://a.example/c. Then')[1]).toEqual({
			text: 'https://a.example/c',
			href: 'https://a.example/c'
		});
	});
	it('returns a citation without URLs as text', () => {
		expect(citationParts('MIT–RFI Contratto di Programma 2025')).toEqual([
			{ text: 'MIT–RFI Contratto di Programma 2025' }
		]);
	});
});
