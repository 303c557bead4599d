/**
 * Wraps a read so that every caller gets a value read after it called, while concurrent callers
 * share reads: one read runs at a time, and callers who arrive during it share the next one.
 * Under any load that is at most two reads in flight, and never a value older than the call.
 */
export function latestRead<T>(read: () => Promise<T>): () => Promise<T> {
	let running: Promise<T> | null = null;
	let next: Promise<T> | null = null;
	const start = (): Promise<T> => {
		const current: Promise<T> = read().finally(() => {
			if (running === current) running = null;
		});
		running = current;
		return current;
	};
	return () => {
		if (!running) return start();
		next ??= running
			.then(
				() => {},
				() => {}
			)
			.then(() => {
				next = null;
				return start();
			});
		return next;
	};
}
