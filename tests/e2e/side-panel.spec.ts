import { expect, test } from '@playwright/test';
import { expectMunicipalityWithin, waitForMapIdle } from './helpers.ts';

test('the side panel folds to a rail and opens again, and a reload keeps it folded', async ({
	page
}) => {
	await page.goto('/?layers=districts');
	await waitForMapIdle(page);
	const layers = page.getByRole('heading', { name: 'Livelli', exact: true });
	await expect(layers).toBeVisible();
	const fold = page.getByRole('button', { name: 'Chiudi il pannello laterale' });
	await expect(fold).toHaveAttribute('aria-expanded', 'true');
	const open = (await page.locator('.left').boundingBox())!;
	await fold.click();

	const rail = page.getByRole('button', { name: 'Apri il pannello laterale' });
	await expect(rail).toBeVisible();
	await expect(rail).toBeFocused();
	await expect(rail).toHaveAttribute('aria-expanded', 'false');
	await expect(layers).toBeHidden();
	await expect(
		page.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' })
	).toBeHidden();
	const railBox = (await rail.boundingBox())!;
	expect(railBox.width).toBeLessThan(60);
	expect(railBox.width).toBeLessThan(open.width / 4);
	await expect(page).toHaveURL(/[?&]panel=folded/);
	await page.screenshot({ path: 'test-results/desktop-folded.png' });

	await page.reload();
	await waitForMapIdle(page);
	await expect(rail).toBeVisible();
	await expect(layers).toBeHidden();
	await expect(page).toHaveURL(/[?&]panel=folded/);
	await expect(page).toHaveURL(/[?&]layers=districts/);

	await rail.click();
	await expect(layers).toBeVisible();
	await expect(fold).toBeFocused();
	await expect(page).not.toHaveURL(/panel=/);
	await page.reload();
	await expect(layers).toBeVisible();
});

test('a card opens beside the folded rail', async ({ page }) => {
	await page.goto('/?panel=folded&comune=046017');
	await waitForMapIdle(page);
	const card = page.locator('#municipality-panel');
	await expect(card).toBeVisible();
	await expect(card.getByRole('heading', { name: 'Lucca' })).toBeVisible();
	const rail = (await page
		.getByRole('button', { name: 'Apri il pannello laterale' })
		.boundingBox())!;
	const box = (await card.boundingBox())!;
	expect(box.x).toBeGreaterThan(rail.x + rail.width);
});

test.describe('a tablet upright', () => {
	test.use({ viewport: { width: 768, height: 1024 } });

	test('a card takes the side panel’s place, and the comune is framed beside it', async ({
		page
	}) => {
		await page.goto('/?comune=046007');
		await waitForMapIdle(page);
		const card = page.locator('#municipality-panel');
		await expect(card).toBeVisible();
		const panel = (await page.locator('.left').boundingBox())!;
		const cardBox = (await card.boundingBox())!;
		expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
		await expect(page.getByRole('heading', { name: 'Livelli', exact: true })).toBeHidden();
		await expect(
			page.getByRole('combobox', { name: 'Cerca comuni, luoghi e interventi' })
		).toBeVisible();

		// Capannori lies wholly in the map right of the panel.
		await expectMunicipalityWithin(page, '046007', {
			left: panel.x + panel.width,
			top: 0,
			right: 768,
			bottom: 1024
		});

		// Closing the card brings the layers back.
		await card.getByRole('button', { name: 'Chiudi', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Livelli', exact: true })).toBeVisible();
	});
});
