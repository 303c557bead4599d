import { describe, expect, it } from 'vitest';
import { OverloadedError, WorkGate } from '../../src/lib/server/db/work-gate.ts';

/** A job that finishes when told to, recording when it started. */
function controllable(log: string[], name: string) {
	let finish!: () => void;
	const done = new Promise<void>((resolve) => (finish = resolve));
	return {
		job: async () => {
			log.push(`start ${name}`);
			await done;
			return name;
		},
		finish: () => finish()
	};
}

describe('WorkGate', () => {
	it('runs jobs one at a time in arrival order, reads and writes alike', async () => {
		const gate = new WorkGate({ concurrency: 1, maxQueue: 10, maxWaitMs: 10_000 });
		const log: string[] = [];
		const jobs = ['write 1', 'read 1', 'write 2', 'read 2'].map((name) => controllable(log, name));
		const results = jobs.map((j) => gate.run(j.job));
		await Promise.resolve();
		expect(log).toEqual(['start write 1']);
		expect(gate.stats()).toMatchObject({ running: 1, queued: 3 });
		for (const j of jobs) {
			j.finish();
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
		expect(await Promise.all(results)).toEqual(['write 1', 'read 1', 'write 2', 'read 2']);
		expect(log).toEqual(['start write 1', 'start read 1', 'start write 2', 'start read 2']);
	});

	it('runs up to its concurrency at once', async () => {
		const gate = new WorkGate({ concurrency: 3, maxQueue: 10, maxWaitMs: 10_000 });
		const log: string[] = [];
		const jobs = [1, 2, 3, 4].map((n) => controllable(log, String(n)));
		const results = jobs.map((j) => gate.run(j.job));
		await Promise.resolve();
		expect(log).toEqual(['start 1', 'start 2', 'start 3']);
		jobs.forEach((j) => j.finish());
		await Promise.all(results);
		expect(log).toHaveLength(4);
	});

	it('refuses at once a job that finds the queue full', async () => {
		const gate = new WorkGate({ concurrency: 1, maxQueue: 1, maxWaitMs: 10_000 });
		const log: string[] = [];
		const first = controllable(log, 'first');
		const running = gate.run(first.job);
		const waiting = gate.run(async () => 'second');
		await expect(gate.run(async () => 'third')).rejects.toBeInstanceOf(OverloadedError);
		expect(gate.stats()).toMatchObject({ refused: 1, queued: 1 });
		first.finish();
		expect(await running).toBe('first');
		expect(await waiting).toBe('second');
	});

	it('refuses a job that waited longer than allowed, without running it later', async () => {
		const gate = new WorkGate({ concurrency: 1, maxQueue: 10, maxWaitMs: 20 });
		const log: string[] = [];
		const first = controllable(log, 'first');
		const running = gate.run(first.job);
		let ranLate = false;
		const refused = gate.run(async () => {
			ranLate = true;
		});
		await expect(refused).rejects.toThrow(/queue_timeout/);
		first.finish();
		await running;
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(ranLate).toBe(false);
		expect(gate.stats()).toMatchObject({ running: 0, queued: 0, refused: 1 });
	});

	it('frees its place when a job fails', async () => {
		const gate = new WorkGate({ concurrency: 1, maxQueue: 10, maxWaitMs: 1_000 });
		await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await gate.run(async () => 'next')).toBe('next');
	});
});
