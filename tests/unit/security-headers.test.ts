import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config.ts';
import {
	atlasCsp,
	DENIED_FEATURES,
	mergeCsp,
	parseCsp,
	securityHeaders,
	serializeCsp,
	withSecurityHeaders
} from '../../src/lib/server/security-headers.ts';

const DEFAULTS = readConfig({});
const SUPABASE = readConfig({
	SUPABASE_URL: 'https://abcdefgh.supabase.co',
	SUPABASE_ANON_KEY: 'chiave-pubblica-di-prova-abbastanza-lunga'
});
const OVER_HTTPS = readConfig({ ATLAS_ORIGIN: 'https://atlante.provincia.lucca.it/' });
// What Kit emits on a page with `csp: { mode: 'hash', directives: { 'script-src': ['self'] } }`.
const KIT_CSP = "script-src 'self' 'sha256-Wq7sHb5Q1hY9oQ5M1cXk2mB3c4d5e6f7g8h9i0j1k2l='";

const cspOf = (headers: Record<string, string>) => parseCsp(headers['content-security-policy']);

describe('the content security policy', () => {
	it('forbids plugins, foreign base URLs, framing and posting forms elsewhere', () => {
		const csp = atlasCsp(DEFAULTS);
		expect(csp['object-src']).toEqual(["'none'"]);
		expect(csp['base-uri']).toEqual(["'self'"]);
		expect(csp['frame-ancestors']).toEqual(["'none'"]);
		expect(csp['form-action']).toEqual(["'self'"]);
		expect(csp['default-src']).toEqual(["'self'"]);
	});

	it('lets MapLibre reach the configured basemap origin, and no other', () => {
		const csp = atlasCsp(
			readConfig({ ATLAS_BASEMAP_STYLE_URL: 'https://tiles.example.org:8443/styles/x.json' })
		);
		expect(csp['connect-src']).toEqual(["'self'", 'https://tiles.example.org:8443']);
		expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://tiles.example.org:8443']);
		// The default: OpenFreeMap, whose style, tiles, sprites and glyphs share one origin.
		expect(atlasCsp(DEFAULTS)['connect-src']).toEqual(["'self'", 'https://tiles.openfreemap.org']);
	});

	it('lets supabase-js sign in from the browser in Supabase mode only', () => {
		expect(atlasCsp(SUPABASE)['connect-src']).toContain('https://abcdefgh.supabase.co');
		expect(atlasCsp(DEFAULTS)['connect-src'].some((s) => s.includes('supabase'))).toBe(false);
	});

	it('runs only scripts of the atlas: no inline script, no eval', () => {
		const scripts = atlasCsp(DEFAULTS)['script-src'];
		expect(scripts).toEqual(["'self'"]);
		expect(atlasCsp(DEFAULTS)['worker-src']).toEqual(["'self'"]);
	});

	it('keeps the hashes Kit put on a page and adds the run-time sources', () => {
		const csp = cspOf(securityHeaders(SUPABASE, KIT_CSP));
		expect(csp['script-src']).toEqual([
			"'self'",
			"'sha256-Wq7sHb5Q1hY9oQ5M1cXk2mB3c4d5e6f7g8h9i0j1k2l='"
		]);
		expect(csp['connect-src']).toContain('https://abcdefgh.supabase.co');
		expect(csp['object-src']).toEqual(["'none'"]);
	});

	it('gives the same header for the same page: cacheable HTML', () => {
		expect(securityHeaders(DEFAULTS, KIT_CSP)).toEqual(securityHeaders(DEFAULTS, KIT_CSP));
	});

	it('parses and serialises a policy without losing anything', () => {
		const header = serializeCsp(atlasCsp(SUPABASE));
		expect(serializeCsp(parseCsp(header))).toBe(header);
		expect(parseCsp(" Script-Src  'self'  'sha256-x=' ; ;object-src 'none'")).toEqual({
			'script-src': ["'self'", "'sha256-x='"],
			'object-src': ["'none'"]
		});
	});

	it('merges without repeating a source', () => {
		expect(
			mergeCsp({ 'script-src': ["'self'"] }, { 'script-src': ["'self'", "'sha256-a='"] })
		).toEqual({ 'script-src': ["'self'", "'sha256-a='"] });
	});
});

describe('the other security headers', () => {
	it('are sent with every answer', () => {
		const headers = securityHeaders(DEFAULTS);
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(headers['x-frame-options']).toBe('DENY');
	});

	it('deny the camera, microphone, geolocation, payment and USB', () => {
		const policy = securityHeaders(DEFAULTS)['permissions-policy'];
		for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
			expect(policy).toContain(`${feature}=()`);
		expect(policy.split(', ')).toHaveLength(DENIED_FEATURES.length);
	});

	it('ask for https always only when the atlas is served over https', () => {
		expect(securityHeaders(DEFAULTS)).not.toHaveProperty('strict-transport-security');
		expect(
			securityHeaders(readConfig({ ATLAS_ORIGIN: 'http://atlante.example' }))
		).not.toHaveProperty('strict-transport-security');
		expect(securityHeaders(OVER_HTTPS)['strict-transport-security']).toBe(
			'max-age=31536000; includeSubDomains'
		);
	});
});

describe('withSecurityHeaders', () => {
	it('replaces the policy Kit set with the whole policy, keeping its hashes', () => {
		const page = new Response('<html></html>', {
			headers: { 'content-type': 'text/html', 'content-security-policy': KIT_CSP }
		});
		const answered = withSecurityHeaders(page, DEFAULTS);
		const csp = parseCsp(answered.headers.get('content-security-policy')!);
		expect(csp['script-src']).toContain("'sha256-Wq7sHb5Q1hY9oQ5M1cXk2mB3c4d5e6f7g8h9i0j1k2l='");
		expect(csp['frame-ancestors']).toEqual(["'none'"]);
		expect(answered.headers.get('content-type')).toBe('text/html');
	});

	it('copies a response whose headers cannot change, body and status included', async () => {
		const redirect = Response.redirect('https://atlante.example/', 302);
		const answered = withSecurityHeaders(redirect, OVER_HTTPS);
		expect(answered.status).toBe(302);
		expect(answered.headers.get('location')).toBe('https://atlante.example/');
		expect(answered.headers.get('x-content-type-options')).toBe('nosniff');
		expect(answered.headers.get('strict-transport-security')).toMatch(/^max-age=/);
		const json = withSecurityHeaders(Response.json({ ok: true }), DEFAULTS);
		expect(await json.json()).toEqual({ ok: true });
	});
});
