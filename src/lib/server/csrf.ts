/**
 * Cross-site request forgery protection for every state-changing request, forms and JSON alike.
 *
 * The algorithm of Go's `http.CrossOriginProtection` (Go 1.25): browsers say where a request
 * comes from in `Sec-Fetch-Site`, older ones in `Origin`; a request with neither is not from a
 * browser and cannot carry a victim's cookies against their will. Comparing hosts rather than
 * whole origins keeps it right behind a TLS proxy and on plain http alike (SvelteKit's own check
 * assumes https when no origin is configured, and would refuse every form on http://127.0.0.1).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossSiteOptions {
	/** Origins (scheme://host[:port]) allowed to post from elsewhere, e.g. a Supabase Auth page. */
	trustedOrigins?: readonly string[];
}

export function isCrossSiteRequest(
	request: { method: string; headers: Headers },
	options: CrossSiteOptions = {}
): boolean {
	if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
	const origin = request.headers.get('origin');
	if (origin && options.trustedOrigins?.includes(origin)) return false;
	const site = request.headers.get('sec-fetch-site');
	if (site) return site !== 'same-origin' && site !== 'none';
	if (!origin) return false;
	const host = request.headers.get('host');
	try {
		return new URL(origin).host !== host;
	} catch {
		// "null" (sandboxed frames, privacy redirects) or garbage: not provably ours.
		return true;
	}
}
