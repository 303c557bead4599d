import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../src/lib/server/csrf.ts';

const request = (method: string, headers: Record<string, string>) => ({
	method,
	headers: new Headers(headers)
});

describe('isCrossSiteRequest', () => {
	it('lets reads through whatever their origin', () => {
		expect(isCrossSiteRequest(request('GET', { 'sec-fetch-site': 'cross-site' }))).toBe(false);
	});

	it('refuses a post a browser marks as cross-site', () => {
		expect(
			isCrossSiteRequest(request('POST', { 'sec-fetch-site': 'cross-site', host: 'atlas.test' }))
		).toBe(true);
	});

	it('refuses a post from a sibling subdomain (same-site is not same-origin)', () => {
		expect(isCrossSiteRequest(request('PATCH', { 'sec-fetch-site': 'same-site' }))).toBe(true);
	});

	it('accepts a same-origin post, and one the person typed or bookmarked', () => {
		expect(isCrossSiteRequest(request('POST', { 'sec-fetch-site': 'same-origin' }))).toBe(false);
		expect(isCrossSiteRequest(request('POST', { 'sec-fetch-site': 'none' }))).toBe(false);
	});

	it('falls back to comparing Origin with Host on plain http, whatever the scheme', () => {
		const from = (origin: string) =>
			isCrossSiteRequest(request('POST', { origin, host: '127.0.0.1:3000' }));
		expect(from('http://127.0.0.1:3000')).toBe(false);
		expect(from('https://127.0.0.1:3000')).toBe(false);
		expect(from('http://127.0.0.1:4000')).toBe(true);
		expect(from('https://evil.example')).toBe(true);
		expect(from('null')).toBe(true);
	});

	it('accepts requests without browser headers (curl, scripts): they carry no victim cookies', () => {
		expect(isCrossSiteRequest(request('DELETE', { host: 'atlas.test' }))).toBe(false);
	});

	it('accepts an origin it is told to trust', () => {
		const post = request('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://auth.test' });
		expect(isCrossSiteRequest(post, { trustedOrigins: ['https://auth.test'] })).toBe(false);
	});
});
