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

test('the comune page compares the municipality with Tuscany and Italy, as the API does, with its sources', async ({
	page,
	request
}) => {
	const profile = await (await request.get('/api/v1/municipalities/046017')).json();
	const national = profile.national as {
		broadband_snapshot: string;
		region_name: string;
		rows: Array<{
			indicator: string;
			value: number | null;
			region: { median: number | null; percentile: number | null; count: number };
			italy: { median: number | null; percentile: number | null; count: number };
		}>;
	};
	expect(national.region_name).toBe('Toscana');
	expect(national.broadband_snapshot).toBe('2025-06-30');
	// Every Italian municipality with a reliable figure, far more than the province's 33.
	const ftth = national.rows.find((r) => r.indicator === 'ftth_share')!;
	expect(ftth.italy.count).toBeGreaterThan(6000);
	expect(ftth.region.count).toBeGreaterThan(200);
	await page.goto('/comuni/046017');
	const section = page.locator('[data-national]');
	await expect(section.getByRole('heading', { level: 2 })).toHaveText(
		'A confronto con Toscana e Italia'
	);
	await expect(section.locator('thead')).toContainText('Italia');
	for (const row of national.rows) {
		const tr = section.locator(`tr[data-indicator="${row.indicator}"]`);
		const digits = row.indicator === 'ftth_share' ? 1 : 0;
		await expect(tr.locator('[data-region-percentile]')).toHaveText(
			italianNumber(row.region.percentile!, 0)
		);
		await expect(tr.locator('[data-italy-percentile]')).toHaveText(
			italianNumber(row.italy.percentile!, 0)
		);
		await expect(tr.locator('[data-region-median]')).toContainText(
			italianNumber(row.region.median!, digits)
		);
	}
	await expect(section).toContainText('AGCOM Broadband Map, rilevazione al 30/06/2025');
	await expect(section).toContainText('OpenCUP');
	await section.screenshot({ path: 'test-results/comune-046017-national.png' });
});
