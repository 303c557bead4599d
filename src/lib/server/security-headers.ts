import type { Handle } from '@sveltejs/kit/hooks';
import type { AtlasConfig } from './config.ts';

/**
 * The security headers of every response the atlas answers (pages, API, errors). Static files
 * (`/_app/immutable`, `static/`) are served by adapter-node before the hooks run and go without.
 *
 * The Content-Security-Policy has two halves. Kit hashes its own inline hydration script (the
 * `csp` option in vite.config.ts, mode 'hash': the same page gives the same header and the same
 * bytes, so anonymous HTML stays cacheable) and puts the hashes in the header it emits; the
 * places the atlas talks to are run-time settings (the basemap, Supabase), so this module adds
 * them to Kit's header when the response goes out.
 */

/** CSP directives: name → sources, as they appear in the header (keywords quoted). */
export type CspDirectives = Record<string, string[]>;

/**
 * What the headers depend on: ATLAS_ORIGIN (HSTS only when people use https),
 * ATLAS_BASEMAP_STYLE_URL (its origin also serves the style's tiles, sprites and glyphs) and, in
 * Supabase mode, SUPABASE_URL (supabase-js signs in from the browser).
 */
export type SecurityHeaderOptions = Pick<
	AtlasConfig,
	'ATLAS_ORIGIN' | 'ATLAS_BASEMAP_STYLE_URL' | 'SUPABASE_URL'
>;

/**
 * Features the atlas never uses: no page, nor anything it embeds, may ask for them. (Only names
 * Chromium knows: an unknown one is logged as an error on every page.)
 */
export const DENIED_FEATURES = [
	'accelerometer',
	'browsing-topics',
	'camera',
	'display-capture',
	'geolocation',
	'gyroscope',
	'hid',
	'magnetometer',
	'microphone',
	'midi',
	'payment',
	'serial',
	'usb'
] as const;

const originOf = (url: string | undefined): string[] => (url ? [new URL(url).origin] : []);

/**
 * Pages other sites may show in a frame: the embeddable map only. Every other page refuses to be
 * framed (clickjacking: a signed-in member's buttons under another site's page).
 */
export const FRAMEABLE_PATHS = new Set(['/embed']);

export const isFrameable = (path: string) => FRAMEABLE_PATHS.has(path);

/** The atlas's policy, without Kit's script hashes (see mergeCsp); `path` decides framing. */
export function atlasCsp(options: SecurityHeaderOptions, path = ''): CspDirectives {
	const basemap = originOf(options.ATLAS_BASEMAP_STYLE_URL);
	return {
		'default-src': ["'self'"],
		'script-src': ["'self'"],
		// The server-rendered markup carries style attributes (app.html's wrapper, `style:`
		// colours of legend swatches), which hashes cannot cover. Styles cannot run code, and
		// where they could send data (images, fonts) the directives below still decide.
		'style-src': ["'self'", "'unsafe-inline'"],
		// data: for MapLibre's control icons (SVG in its CSS); blob: for images it decodes itself.
		'img-src': ["'self'", 'data:', 'blob:', ...basemap],
		'font-src': ["'self'"],
		// MapLibre fetches the style, tiles, sprites and glyphs; supabase-js signs in.
		'connect-src': ["'self'", ...basemap, ...originOf(options.SUPABASE_URL)],
		// MapLibre's ES module worker, served from /_app like the rest of the code.
		'worker-src': ["'self'"],
		'object-src': ["'none'"],
		'base-uri': ["'self'"],
		'form-action': ["'self'"],
		'frame-ancestors': isFrameable(path) ? ['*'] : ["'none'"]
	};
}

export function parseCsp(header: string): CspDirectives {
	const directives: CspDirectives = {};
	for (const part of header.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) directives[name.toLowerCase()] = sources;
	}
	return directives;
}

export function serializeCsp(directives: CspDirectives): string {
	return Object.entries(directives)
		.map(([name, sources]) => [name, ...sources].join(' '))
		.join('; ');
}

/** Every source of either policy, directive by directive (Kit's script hashes join 'self'). */
export function mergeCsp(base: CspDirectives, extra: CspDirectives): CspDirectives {
	const merged: CspDirectives = { ...base };
	for (const [name, sources] of Object.entries(extra))
		merged[name] = [...new Set([...(merged[name] ?? []), ...sources])];
	return merged;
}

/**
 * The headers for one response to a request for `path`; `kitCsp` is the policy Kit put on a page
 * (with its hashes).
 */
export function securityHeaders(
	options: SecurityHeaderOptions,
	kitCsp: string | null = null,
	path = ''
): Record<string, string> {
	const own = atlasCsp(options, path);
	const csp = kitCsp ? mergeCsp(own, parseCsp(kitCsp)) : own;
	const headers: Record<string, string> = {
		'content-security-policy': serializeCsp(csp),
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'permissions-policy': DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ')
	};
	// For browsers older than frame-ancestors (it has no "anyone" value: left out where framing is allowed).
	if (!isFrameable(path)) headers['x-frame-options'] = 'DENY';
	// Over plain http the header is ignored at best; only a https address asks for https always.
	if (options.ATLAS_ORIGIN?.startsWith('https:'))
		headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
	return headers;
}

/** Sets the headers on a response, copying it first when its headers are immutable (fetch). */
export function withSecurityHeaders(
	response: Response,
	options: SecurityHeaderOptions,
	path = ''
): Response {
	const headers = securityHeaders(options, response.headers.get('content-security-policy'), path);
	let target = response;
	try {
		for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
	} catch {
		target = new Response(response.body, response);
		for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
	}
	return target;
}

/** The first hook of `handle`: whatever answers the request, the answer carries the headers. */
export const securityHeadersHandle =
	(options: SecurityHeaderOptions): Handle =>
	async ({ event, resolve }) =>
		withSecurityHeaders(await resolve(event), options, event.url.pathname);
