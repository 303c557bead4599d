/**
 * A sliding-window limit on attempts per key (sign-in: per address and email), in memory: enough
 * for one server process; behind several, the proxy's own limit applies as well.
 */
export class RateLimit {
	readonly #attempts = new Map<string, number[]>();
	readonly #max: number;
	readonly #windowMs: number;

	constructor(max: number, windowMs: number) {
		this.#max = max;
		this.#windowMs = windowMs;
	}

	/** Records an attempt; false when the key already used up its attempts in the window. */
	attempt(key: string, now = Date.now()): boolean {
		const recent = (this.#attempts.get(key) ?? []).filter((t) => now - t < this.#windowMs);
		if (recent.length >= this.#max) {
			this.#attempts.set(key, recent);
			return false;
		}
		recent.push(now);
		this.#attempts.set(key, recent);
		return true;
	}

	/** Forgets a key (after a successful sign-in). */
	reset(key: string) {
		this.#attempts.delete(key);
	}
}
