import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GeodataError } from './errors.ts';
import { expandTemplate, type Source } from './manifest.ts';

export interface FetchedSource {
	text: string;
	/** The upstream URL the data is from, whichever copy was read. */
	upstream: string;
	/** Where the bytes were actually read: the upstream URL or the mirror file. */
	readFrom: string;
	sha256: string;
}

export interface FetchOptions {
	province: string;
	mirrorDir: string;
	/** For sources published as several files: which one. */
	file?: string;
	/** Skip the upstream attempt (tests, or a machine known to be offline). */
	offline?: boolean;
	upstreamTimeoutMs?: number;
	/**
	 * Whether the text upstream answered is the data this build reads (the right columns): a
	 * page or a file of another shape is treated like an unreachable upstream, and the mirror read.
	 */
	accepts?: (text: string) => boolean;
}

export function sha256Of(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

async function fetchUpstream(url: string, timeoutMs: number): Promise<string | undefined> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
		if (!response.ok) return undefined;
		return await response.text();
	} catch {
		return undefined;
	}
}

/** Reads a source from upstream, or from the mirror when upstream is unreachable; checks its sha256 when the manifest pins one. */
export async function fetchSource(source: Source, options: FetchOptions): Promise<FetchedSource> {
	const upstream = expandTemplate(source.upstream, options.province, options.file);
	const mirrorFile = path.join(
		options.mirrorDir,
		expandTemplate(source.mirror, options.province, options.file)
	);
	const expected = options.file
		? source.files?.[options.file]
		: (source.sha256?.[options.province] ?? source.sha256?.['*']);

	let text = options.offline
		? undefined
		: await fetchUpstream(upstream, options.upstreamTimeoutMs ?? 4000);
	if (text !== undefined && options.accepts && !options.accepts(text)) text = undefined;
	let readFrom = upstream;
	if (text === undefined) {
		try {
			text = await readFile(mirrorFile, 'utf8');
		} catch {
			throw new GeodataError(
				mirrorFile,
				`missing: upstream ${upstream} could not be reached and the mirror has no such file (set GEODATA_MIRROR to the mirror folder)`
			);
		}
		readFrom = mirrorFile;
	}
	const sha256 = sha256Of(text);
	if (expected && sha256 !== expected) {
		throw new GeodataError(
			readFrom,
			`corrupt: sha256 is ${sha256}, the manifest pins ${expected} for ${upstream}`
		);
	}
	return { text, upstream, readFrom, sha256 };
}
