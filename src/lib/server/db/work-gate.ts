/**
 * Thrown instead of queueing work the engine cannot start in time: the server answers 503 with
 * Retry-After rather than letting requests pile up until every one of them is slow.
 */
export class OverloadedError extends Error {
	readonly retryAfterSeconds: number;
	constructor(reason: 'queue_full' | 'queue_timeout', retryAfterSeconds = 1) {
		super(`database busy (${reason})`);
		this.name = 'OverloadedError';
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

export interface GateLimits {
	/** Jobs running at once (1 for the embedded engine; the pool size for PostgreSQL). */
	concurrency: number;
	/** Jobs waiting at most; one more is refused at once. */
	maxQueue: number;
	/** How long a job may wait for its turn before it is refused. */
	maxWaitMs: number;
}

export interface GateStats {
	running: number;
	queued: number;
	concurrency: number;
	max_queue: number;
	/** Jobs refused since the server started (queue full or waited too long). */
	refused: number;
}

interface Waiting {
	start: () => void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * First come, first served: a job waits only for the jobs queued before it, so neither reads nor
 * writes starve, and the wait is bounded by `maxWaitMs` (past it the job is refused, not run late).
 */
export class WorkGate {
	readonly #limits: GateLimits;
	readonly #queue: Waiting[] = [];
	#running = 0;
	#refused = 0;

	constructor(limits: GateLimits) {
		this.#limits = limits;
	}

	async run<T>(job: () => Promise<T>): Promise<T> {
		await this.#turn();
		try {
			return await job();
		} finally {
			this.#running--;
			this.#next();
		}
	}

	stats(): GateStats {
		return {
			running: this.#running,
			queued: this.#queue.length,
			concurrency: this.#limits.concurrency,
			max_queue: this.#limits.maxQueue,
			refused: this.#refused
		};
	}

	#turn(): Promise<void> {
		if (this.#running < this.#limits.concurrency && this.#queue.length === 0) {
			this.#running++;
			return Promise.resolve();
		}
		if (this.#queue.length >= this.#limits.maxQueue) {
			this.#refused++;
			return Promise.reject(new OverloadedError('queue_full'));
		}
		return new Promise((resolve, reject) => {
			const waiting: Waiting = {
				start: resolve,
				timer: setTimeout(() => {
					const at = this.#queue.indexOf(waiting);
					if (at >= 0) this.#queue.splice(at, 1);
					this.#refused++;
					reject(new OverloadedError('queue_timeout'));
				}, this.#limits.maxWaitMs)
			};
			this.#queue.push(waiting);
		});
	}

	#next() {
		while (this.#running < this.#limits.concurrency && this.#queue.length > 0) {
			const waiting = this.#queue.shift()!;
			clearTimeout(waiting.timer);
			this.#running++;
			waiting.start();
		}
	}
}
