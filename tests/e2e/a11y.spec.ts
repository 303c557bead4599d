import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { A11Y_STATES, type A11yState } from './a11y-pages.ts';
import { signIn } from './accounts.ts';
import { PHONE } from './phone.ts';

/** WCAG 2.1 A and AA, the level the atlas promises. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function audit(state: A11yState) {
	test(`axe: ${state.name}${state.role ? ` (${state.role})` : ''}`, async ({ page }) => {
		if (state.role) await signIn(page, state.role);
		const path = typeof state.path === 'string' ? state.path : await state.path(page);
		const response = await page.goto(path);
		expect(response?.status()).toBe(state.status ?? 200);
		await state.setup?.(page);
		const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
		const serious = results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => ({
				rule: v.id,
				impact: v.impact,
				help: v.help,
				targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
			}));
		expect(serious, `${state.name} at ${path}`).toEqual([]);
	});
}

for (const state of A11Y_STATES.filter((s) => !s.phone)) audit(state);

test.describe('on a phone', () => {
	test.use(PHONE);
	for (const state of A11Y_STATES.filter((s) => s.phone)) audit(state);
});
