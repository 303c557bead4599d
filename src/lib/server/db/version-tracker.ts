import { latestRead } from './latest-read.ts';

export interface VersionTracker {
	/** The version as last learnt (read once first if never read). */
	current(): Promise<string>;
	/** The version as last learnt, without reading it. */
	known(): string | undefined;
	/** Reads it again now: after this process's own writes, so its next reads see them. */
	refresh(): Promise<void>;
	/** Another process announced a new version. */
	announced(version: string): void;
	stop(): void;
}

/**
 * The public data version kept in memory: read again after this process writes, told by other
 * processes (PostgreSQL NOTIFY at their commit), and polled every `pollMs` in case an
 * announcement was missed (a dropped listening connection, a pooler that does not forward them).
 */
export function trackVersion(read: () => Promise<string>, pollMs: number): VersionTracker {
	const fresh = latestRead(read);
	let known: string | undefined;
	const refresh = async () => {
		known = await fresh();
	};
	const poll = setInterval(() => void refresh().catch(() => {}), pollMs);
	poll.unref();
	return {
		async current() {
			if (known === undefined) await refresh();
			return known!;
		},
		known: () => known,
		refresh,
		announced(version) {
			known = version;
		},
		stop: () => clearInterval(poll)
	};
}
