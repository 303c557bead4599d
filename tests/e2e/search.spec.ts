import { expect, test } from '@playwright/test';
import { basemapUnreachable, waitForMapIdle } from './helpers.ts';

test.beforeEach(async ({ page }) => basemapUnreachable(page));

test('a mayor types "capanori", picks Capannori with the keyboard, and reads its interventions and chart', async ({
	page,
	request
}) => {
	const report = await (await request.get('/api/v1/municipalities/046007')).json();
	await page.goto('/');
	await waitForMapIdle(page);
	const box = page.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' });
	await box.fill('capanori');
	const listbox = page.getByRole('listbox');
	await expect(listbox.getByRole('group').first()).toContainText('Comuni');
	await expect(listbox.getByRole('option').first()).toContainText('Capannori');
	await expect(listbox.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
	await box.press('ArrowDown');
	await box.press('ArrowUp');
	await box.press('Enter');
	await expect(page).toHaveURL(/\/comuni\/046007$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Capannori');
	await expect(page.locator('table.interventions tbody tr')).toHaveCount(
		report.interventions.length
	);
	await expect(page.locator('.chart svg g')).toHaveCount(report.by_ambito.length);
});

test('results are grouped by kind: a search for "musa" finds the place and the intervention', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' }).fill('musa');
	const groups = page.getByRole('listbox').getByRole('group');
	await expect(groups).toHaveCount(2);
	await expect(groups.nth(0)).toContainText('Luoghi');
	await expect(groups.nth(1)).toContainText('Interventi');
	await groups.nth(0).getByRole('option').first().click();
	await expect(page).toHaveURL(/feature=technology-poles(%3A|:)musa-pietrasanta/);
	await expect(page.locator('#feature-panel h2')).toContainText('MuSA');
});

test('the search API groups results and refuses an empty query in the user’s language', async ({
	request
}) => {
	const body = await (await request.get('/api/v1/search?q=J91H03000190001')).json();
	expect(body.groups[0]).toMatchObject({
		kind: 'intervention',
		results: [expect.objectContaining({ url: '/interventi/rfi-1346-pistoia-lucca' })]
	});
	const bad = await request.get('/api/v1/search?q=a&lang=it');
	expect(bad.status()).toBe(400);
	expect((await bad.json()).error.message).toContain('«q»');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the search form opens a results page', async ({ page }) => {
		await page.goto('/');
		await page
			.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' })
			.fill('capanori');
		await page.getByRole('button', { name: 'Cerca', exact: true }).click();
		await expect(page).toHaveURL(/\/cerca\?q=capanori/);
		await expect(page.getByRole('link', { name: 'Capannori', exact: true })).toHaveAttribute(
			'href',
			'/comuni/046007'
		);
	});
});
