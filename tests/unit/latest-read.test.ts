import { describe, expect, it } from 'vitest';
import { latestRead } from '../../src/lib/server/db/latest-read.ts';

/** A source whose value changes, and reads that finish only when told to. */
function slowSource() {
	let value = 0;
	let started = 0;
	const finishers: (() => void)[] = [];
	const read = () => {
		started++;
		const seen = value; // the value as of the read's start
		return new Promise<number>((resolve) => finishers.push(() => resolve(seen)));
	};
	return {
		read,
		set: (v: number) => (value = v),
		finishNext: () => finishers.shift()!(),
		started: () => started
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('latestRead', () => {
	it('gives a caller who arrives during a read the next read, not the one under way', async () => {
		const source = slowSource();
		const current = latestRead(source.read);
		const early = current();
		source.set(1); // a write commits while the first read is under way
		const late = current();
		source.finishNext();
		expect(await early).toBe(0);
		await tick();
		source.finishNext();
		expect(await late).toBe(1);
	});

	it('lets callers arriving together share one read', async () => {
		const source = slowSource();
		const current = latestRead(source.read);
		const first = current();
		const others = [current(), current(), current()];
		source.finishNext();
		await first;
		await tick();
		source.finishNext();
		expect(await Promise.all(others)).toEqual([0, 0, 0]);
		expect(source.started()).toBe(2);
	});

	it('reads again after a failed read', async () => {
		let calls = 0;
		const current = latestRead(async () => {
			calls++;
			if (calls === 1) throw new Error('connection lost');
			return 'v2';
		});
		await expect(current()).rejects.toThrow('connection lost');
		expect(await current()).toBe('v2');
	});
});
