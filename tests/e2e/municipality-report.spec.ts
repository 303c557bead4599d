import { expect, test } from '@playwright/test';
import { italianNumber } from './helpers.ts';

type Report = {
	population: number;
	indicators: {
		key: string;
		value: number | null;
		province: number | null;
		rank: number | null;
		of: number;
	}[];
	places: { id: string; kind: string; inside: boolean }[];
	interventions: { id: string; code: string }[];
	by_ambito: { ambito: number | null; count: number }[];
	neighbour_figures: { istat: string; name: string }[];
};

test('Capannori’s report: indicators beside the province with its rank, places, interventions by ambito and status', async ({
	page,
	request
}) => {
	const report: Report = await (await request.get('/api/v1/municipalities/046007')).json();
	const population = report.indicators.find((i) => i.key === 'population')!;
	expect(population.value).toBe(report.population);
	expect(population.of).toBe(33);
	await page.goto('/comuni/046007');
	const row = page.locator('tr[data-indicator="population"]');
	await expect(row.locator('[data-value]')).toHaveText(italianNumber(population.value!));
	await expect(row.locator('[data-province]')).toHaveText(italianNumber(population.province!));
	await expect(row.locator('[data-rank]')).toHaveText(`${population.rank}° su 33`);
	const ftth = report.indicators.find((i) => i.key === 'ftth_share')!;
	await expect(page.locator('tr[data-indicator="ftth_share"] [data-province]')).toHaveText(
		`${italianNumber(ftth.province!, 1)} %`
	);
	// The footwear district and the Capannori pole are in the municipality.
	await expect(page.locator('.places[data-kind="district"]')).toContainText('calzaturiero');
	await expect(page.locator('.places[data-kind="technology-pole"]')).toContainText('Capannori');
	const rows = page.locator('table.interventions tbody tr');
	await expect(rows).toHaveCount(report.interventions.length);
	await expect(page.locator('table.interventions')).toContainText('RFI-1346');
	await expect(page.locator('.chart svg g')).toHaveCount(report.by_ambito.length);
	await expect(page.locator('table.compare tbody tr')).toHaveCount(report.neighbour_figures.length);
	await page.screenshot({ path: 'test-results/report-046007.png', fullPage: true });
});

test('the report prints as an A4 page set with the map, the chart and the sources, without buttons', async ({
	page
}) => {
	await page.goto('/comuni/046007');
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Stampa / Salva PDF' })).toBeHidden();
	await expect(page.locator('.small-map svg')).toBeVisible();
	await expect(page.locator('.chart svg')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Fonti' })).toBeVisible();
	await expect(page.locator('.toolbar')).toContainText('Rapporto generato il');
	const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
	expect(pages).toBeGreaterThanOrEqual(1);
	expect(pages).toBeLessThanOrEqual(6);
	await page.screenshot({ path: 'test-results/report-046007-print.png', fullPage: true });
});

test('the municipalities API answers the report, counting every intervention once by ambito', async ({
	request
}) => {
	const barga: Omit<Report, 'interventions'> & {
		interventions: { primary_ambito: number | null; funding_kinds: string[] }[];
	} = await (await request.get('/api/v1/municipalities/046003')).json();
	expect(barga.interventions.length).toBeGreaterThan(0);
	expect(barga.by_ambito.reduce((sum, g) => sum + g.count, 0)).toBe(barga.interventions.length);
	// OpenCUP gives no ambito for PNRR projects: they are counted as not assigned yet.
	expect(barga.by_ambito.find((g) => g.ambito === null)?.count).toBe(
		barga.interventions.filter((i) => i.primary_ambito === null).length
	);
	expect(barga.interventions.some((i) => i.funding_kinds.includes('pnrr'))).toBe(true);
});
