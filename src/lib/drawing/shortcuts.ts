/** What a key press asks of the drawing's history, if anything. */
export type HistoryShortcut = 'undo' | 'redo';

interface KeyPress {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	shiftKey: boolean;
	altKey: boolean;
	/** Where the key was pressed: text fields keep their own undo. */
	target: EventTarget | null;
}

/** Ctrl/⌘+Z undoes; Ctrl/⌘+Shift+Z and Ctrl+Y redo; never while typing in a field. */
export function historyShortcut(event: KeyPress): HistoryShortcut | null {
	if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextField(event.target)) return null;
	const key = event.key.toLowerCase();
	if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
	if (key === 'y' && !event.shiftKey) return 'redo';
	return null;
}

function isTextField(target: EventTarget | null): boolean {
	const element = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
	if (!element?.tagName) return false;
	if (element.isContentEditable) return true;
	if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
	return (
		element.tagName === 'INPUT' &&
		!['checkbox', 'radio', 'button', 'submit', 'file'].includes(element.type ?? 'text')
	);
}
