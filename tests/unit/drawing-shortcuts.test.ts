import { describe, expect, it } from 'vitest';
import { historyShortcut } from '../../src/lib/drawing/shortcuts.ts';

const press = (
	key: string,
	keys: Partial<Record<'ctrl' | 'meta' | 'shift' | 'alt', boolean>> = {},
	target: unknown = null
) => ({
	key,
	ctrlKey: keys.ctrl ?? false,
	metaKey: keys.meta ?? false,
	shiftKey: keys.shift ?? false,
	altKey: keys.alt ?? false,
	target: target as EventTarget | null
});

describe('historyShortcut', () => {
	it('reads Ctrl+Z and ⌘+Z as undo', () => {
		expect(historyShortcut(press('z', { ctrl: true }))).toBe('undo');
		expect(historyShortcut(press('z', { meta: true }))).toBe('undo');
	});

	it('reads Ctrl+Shift+Z and Ctrl+Y as redo', () => {
		expect(historyShortcut(press('Z', { ctrl: true, shift: true }))).toBe('redo');
		expect(historyShortcut(press('y', { ctrl: true }))).toBe('redo');
	});

	it('ignores a plain Z and other combinations', () => {
		expect(historyShortcut(press('z'))).toBeNull();
		expect(historyShortcut(press('z', { ctrl: true, alt: true }))).toBeNull();
		expect(historyShortcut(press('x', { ctrl: true }))).toBeNull();
	});

	it('leaves text fields their own undo', () => {
		expect(
			historyShortcut(press('z', { ctrl: true }, { tagName: 'INPUT', type: 'text' }))
		).toBeNull();
		expect(historyShortcut(press('z', { ctrl: true }, { tagName: 'TEXTAREA' }))).toBeNull();
		expect(
			historyShortcut(press('z', { ctrl: true }, { tagName: 'DIV', isContentEditable: true }))
		).toBeNull();
	});

	it('still acts when focus is on a button or a checkbox', () => {
		expect(historyShortcut(press('z', { ctrl: true }, { tagName: 'BUTTON' }))).toBe('undo');
		expect(
			historyShortcut(press('z', { ctrl: true }, { tagName: 'INPUT', type: 'checkbox' }))
		).toBe('undo');
	});
});
