import { describe, expect, it } from 'vitest';
import { record, redo, startHistory, undo } from '../../src/lib/drawing/history.ts';

describe('drawing history', () => {
	it('undoes to the previous state and redoes back', () => {
		const history = record(record(startHistory('empty'), 'line'), 'longer line');
		expect(undo(history).present).toBe('line');
		expect(undo(undo(history)).present).toBe('empty');
		expect(redo(undo(undo(history))).present).toBe('line');
	});

	it('forgets what was undone once a new edit is made', () => {
		const edited = record(undo(record(startHistory('a'), 'b')), 'c');
		expect(edited.future).toEqual([]);
		expect(redo(edited)).toBe(edited);
	});

	it('does nothing when there is nothing to undo', () => {
		const history = startHistory('a');
		expect(undo(history)).toBe(history);
	});

	it('keeps at most the limit of past states', () => {
		let history = startHistory(0);
		for (let i = 1; i <= 5; i++) history = record(history, i, { limit: 3 });
		expect(history.past).toEqual([2, 3, 4]);
	});
});
