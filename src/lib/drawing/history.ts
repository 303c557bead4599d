/**
 * An undo/redo history of finished edits: each entry is a whole state (here, the drawn geometry),
 * so undoing never has to know what the edit was.
 */
export interface History<T> {
	past: readonly T[];
	present: T;
	future: readonly T[];
}

/** Older states beyond this are forgotten. */
export const HISTORY_LIMIT = 100;

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

/** A new state: the current one becomes undoable, and what was undone can no longer be redone. */
export function record<T>(
	history: History<T>,
	next: T,
	options: { limit?: number } = {}
): History<T> {
	const limit = options.limit ?? HISTORY_LIMIT;
	return { past: [...history.past, history.present].slice(-limit), present: next, future: [] };
}

export function undo<T>(history: History<T>): History<T> {
	if (!history.past.length) return history;
	return {
		past: history.past.slice(0, -1),
		present: history.past.at(-1) as T,
		future: [history.present, ...history.future]
	};
}

export function redo<T>(history: History<T>): History<T> {
	if (!history.future.length) return history;
	return {
		past: [...history.past, history.present],
		present: history.future[0],
		future: history.future.slice(1)
	};
}
