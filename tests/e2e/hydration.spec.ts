import { expect, test } from '@playwright/test';

/**
 * The public pages hydrate the server's HTML as it is. Regression: the embed dialog (a <dialog>
 * with headings and paragraphs) sat inside the comune page's <p class="toolbar">; the browser's
 * parser closed the <p> early, Svelte found other nodes than it rendered, threw the page's DOM
 * away and drew it again, and a test holding an element of it lost it.
 */
const PAGES = [
	'/',
	'/?comune=046017&layers=broadband,districts',
	'/comuni/046017',
	'/comuni/046007?lang=en',
	'/ambiti/1',
	'/osservazioni',
	'/dati',
	'/monitoraggio',
	'/opportunita',
	'/piano-di-lavoro',
	'/proposte',
	'/cerca?q=lucca',
	'/ogc?f=html',
	'/embed?comune=046017'
];

for (const path of PAGES) {
	test(`${path} hydrates without rebuilding its page`, async ({ page }) => {
		const warnings: string[] = [];
		page.on('console', (message) => {
			if (/hydration_mismatch|invalid_placement/.test(message.text()))
				warnings.push(message.text());
		});
		await page.goto(path);
		await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
		expect(warnings).toEqual([]);
	});
}
