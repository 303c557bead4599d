import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Below this size compression saves less than its headers cost. */
const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE =
	/^(application\/(geo\+|ld\+)?json|application\/gpx\+xml|application\/vnd\.google-earth\.kml\+xml|application\/vnd\.mapbox-vector-tile|text\/)/;

/** How shared caches and browsers may keep public data: any copy, revalidated (cheaply, by ETag) every time. */
export const PUBLIC_REVALIDATE = 'public, no-cache';

type Encoding = 'br' | 'gzip' | 'identity';

/** One answer as kept: its headers without the ones each reply sets, and its body in each encoding. */
export interface CachedAnswer {
	status: number;
	headers: [string, string][];
	/** Request headers the answer depends on besides Accept-Encoding and Cookie. */
	varies: string[];
	bodies: Partial<Record<Encoding, Uint8Array>>;
	/** The identity body's hash: each encoding's ETag is derived from it. */
	hash: string;
	bytes: number;
}

export interface CacheStats {
	version: string | null;
	entries: number;
	bytes: number;
	hits: number;
	misses: number;
}

/** The encoding to send, from Accept-Encoding: brotli, then gzip, then none (q=0 honoured). */
export function chooseEncoding(acceptEncoding: string | null): Encoding {
	const accepted = new Map<string, number>();
	for (const part of (acceptEncoding ?? '').split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
		accepted.set(name, q ? Number(q[1]) : 1);
	}
	const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (ok('br')) return 'br';
	if (ok('gzip')) return 'gzip';
	return 'identity';
}

/** The strong ETag of one encoding of a body (a different encoding is a different representation). */
export const etagOf = (hash: string, encoding: Encoding) =>
	`"${hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;

/** True when If-None-Match names any encoding of this body, or is `*`. */
export function matchesIfNoneMatch(header: string | null, hash: string): boolean {
	if (!header) return false;
	return header.split(',').some((tag) => {
		const t = tag.trim().replace(/^W\//, '');
		return t === '*' || t === `"${hash}"` || t === `"${hash}-br"` || t === `"${hash}-gzip"`;
	});
}

async function entryOf(response: Response): Promise<CachedAnswer> {
	const identity = new Uint8Array(await response.arrayBuffer());
	const type = response.headers.get('content-type') ?? '';
	const bodies: CachedAnswer['bodies'] = { identity };
	if (identity.byteLength >= COMPRESS_MIN_BYTES && COMPRESSIBLE.test(type)) {
		// Once per data version, on the thread pool; quality 6 is most of brotli's gain at a
		// fraction of its top level's time.
		const [br, gz] = await Promise.all([
			brotliAsync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } }),
			gzipAsync(identity, { level: 6 })
		]);
		bodies.br = br;
		bodies.gzip = gz;
	}
	// What else the route said the answer varies by (/ogc: Accept) stays in the answer's Vary.
	const varies = (response.headers.get('vary') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name && !['accept-encoding', 'cookie'].includes(name.toLowerCase()));
	const headers = [...response.headers].filter(
		([name]) =>
			!['content-length', 'content-encoding', 'etag', 'cache-control', 'vary'].includes(name)
	);
	return {
		status: response.status,
		headers,
		varies,
		bodies,
		hash: createHash('sha256').update(identity).digest('base64url').slice(0, 27),
		bytes: Object.values(bodies).reduce((sum, body) => sum + body.byteLength, 0)
	};
}

/** What a request asks of a cached answer: its method and the two headers that shape the reply. */
export interface Asking {
	method: string;
	acceptEncoding: string | null;
	ifNoneMatch: string | null;
}

/** A cached answer as status, headers and body (null for 304 and HEAD), for any kind of server. */
export interface Reply {
	status: number;
	headers: [string, string][];
	body: Uint8Array | null;
}

export function replyOf(entry: CachedAnswer, asking: Asking): Reply {
	const available = chooseEncoding(asking.acceptEncoding);
	const encoding: Encoding = entry.bodies[available] ? available : 'identity';
	const validation: [string, string][] = [
		['etag', etagOf(entry.hash, encoding)],
		['cache-control', PUBLIC_REVALIDATE],
		// The language may come from a cookie, the encoding from Accept-Encoding.
		['vary', [...entry.varies, 'Accept-Encoding', 'Cookie'].join(', ')]
	];
	if (matchesIfNoneMatch(asking.ifNoneMatch, entry.hash))
		return {
			status: 304,
			headers: [...entry.headers.filter(([name]) => name !== 'content-type'), ...validation],
			body: null
		};
	const body = entry.bodies[encoding]!;
	return {
		status: entry.status,
		headers: [
			...entry.headers,
			...validation,
			...(encoding === 'identity' ? [] : [['content-encoding', encoding] as [string, string]]),
			['content-length', String(body.byteLength)]
		],
		body: asking.method === 'HEAD' ? null : body
	};
}

function answer(entry: CachedAnswer, request: Request): Response {
	const reply = replyOf(entry, {
		method: request.method,
		acceptEncoding: request.headers.get('accept-encoding'),
		ifNoneMatch: request.headers.get('if-none-match')
	});
	return new Response(reply.body as Uint8Array<ArrayBuffer> | null, {
		status: reply.status,
		headers: reply.headers
	});
}

/**
 * Public answers kept in memory for one data version: the first request for a key makes the
 * answer (others asking meanwhile wait for it), later ones get it compressed and with an ETag.
 * When the version changes everything is dropped; past `maxBytes` the least recently used goes.
 */
export class ResponseCache {
	readonly #maxBytes: number;
	readonly #entries = new Map<string, CachedAnswer>();
	readonly #making = new Map<string, Promise<CachedAnswer | null>>();
	#version: string | null = null;
	#bytes = 0;
	#hits = 0;
	#misses = 0;

	constructor(maxBytes: number) {
		this.#maxBytes = maxBytes;
	}

	/**
	 * The cached answer to `request` for `key` at `version`, or `make()`'s answer, stored when it
	 * is a 200 that `cacheable` accepts. Anything else is passed on untouched.
	 */
	async respond(
		request: Request,
		key: string,
		version: string,
		make: () => Promise<Response>,
		cacheable: (response: Response) => boolean
	): Promise<Response> {
		if (version !== this.#version) this.#reset(version);
		const found = this.peek(key, version);
		if (found) return answer(found, request);
		const pending = this.#making.get(key);
		if (pending) {
			const made = await pending;
			if (made) {
				this.#hits++;
				return answer(made, request);
			}
			return make();
		}
		this.#misses++;
		let response: Response | undefined;
		const making = (async () => {
			response = await make();
			if (response.status !== 200 || !cacheable(response)) return null;
			return entryOf(response);
		})();
		this.#making.set(key, making);
		try {
			const entry = await making;
			if (!entry) return response!;
			if (this.#version === version) this.#store(key, entry);
			return answer(entry, request);
		} finally {
			this.#making.delete(key);
		}
	}

	/**
	 * The answer kept for `key` at `version`, if there is one: for a server that answers before
	 * SvelteKit does. Nothing is made here; a miss goes on to `respond`.
	 */
	peek(key: string, version: string): CachedAnswer | undefined {
		if (version !== this.#version) return undefined;
		const found = this.#entries.get(key);
		if (!found) return undefined;
		this.#hits++;
		// Most recently used last: Map keeps insertion order.
		this.#entries.delete(key);
		this.#entries.set(key, found);
		return found;
	}

	stats(): CacheStats {
		return {
			version: this.#version,
			entries: this.#entries.size,
			bytes: this.#bytes,
			hits: this.#hits,
			misses: this.#misses
		};
	}

	#reset(version: string) {
		this.#version = version;
		this.#entries.clear();
		this.#bytes = 0;
	}

	#store(key: string, entry: CachedAnswer) {
		if (entry.bytes > this.#maxBytes / 4) return; // one answer never takes most of the cache
		this.#entries.set(key, entry);
		this.#bytes += entry.bytes;
		for (const [oldest, old] of this.#entries) {
			if (this.#bytes <= this.#maxBytes) break;
			this.#entries.delete(oldest);
			this.#bytes -= old.bytes;
		}
	}
}
