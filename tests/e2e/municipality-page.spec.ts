import { expect, test } from '@playwright/test';
import { italianNumber } from './helpers.ts';

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('/comuni/046007 shows the facts, a small map and the neighbours', async ({
		page,
		request
	}) => {
		const profile = await (await request.get('/api/v1/municipalities/046007')).json();
		const response = await page.goto('/comuni/046007');
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Capannori');
		await expect(page.locator('[data-fact="area"]')).toContainText(
			`${italianNumber(profile.area_km2, 2)} km²`
		);
		await expect(page.locator('[data-fact="istat"]')).toHaveText('046007');
		await expect(page.locator('figure svg path')).toHaveCount(1 + profile.neighbours.length);
		const links = page.locator('.neighbours a');
		await expect(links).toHaveText(profile.neighbours.map((n: { name: string }) => n.name));
		await page.screenshot({ path: 'test-results/comune-046007.png', fullPage: true });
	});

	test('a neighbour link leads to that municipality', async ({ page }) => {
		await page.goto('/comuni/046007');
		await page.locator('.neighbours a', { hasText: 'Lucca' }).click();
		await expect(page).toHaveURL(/\/comuni\/046017$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lucca');
	});

	test('the atlas page lists municipalities and shows a chosen one without JavaScript', async ({
		page
	}) => {
		await page.goto('/');
		await page.locator('#municipality-picker').selectOption('046017');
		await page.getByRole('button', { name: 'Mostra' }).click();
		await expect(page).toHaveURL(/comune=046017/);
		await expect(page.locator('#municipality-panel h2')).toHaveText('Lucca');
	});

	test('an unknown code gives a 404 page in Italian', async ({ page }) => {
		const response = await page.goto('/comuni/046999');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina non trovata');
		await expect(
			page.getByText('Nessun comune della provincia ha il codice ISTAT «046999».')
		).toBeVisible();
	});

	test('a malformed code gives a 404 page too, in English when asked', async ({ page }) => {
		const response = await page.goto('/comuni/lucca?lang=en');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	});
});
