import { expect, test } from '@playwright/test';
import type { BroadbandProperties } from '../../src/lib/types.ts';
import { italianNumber, waitForMapIdle } from './helpers.ts';

/** Every map view has a list or a table that says the same: these check the ones added for it. */

test('the broadband choropleth has a table: every municipality with the figure the map colours it by', async ({
	page
}) => {
	const layer = await (await page.request.get('/api/v1/layers/broadband')).json();
	const byIstat = new Map<string, BroadbandProperties>(
		layer.features.map((f: { properties: BroadbandProperties }) => [
			f.properties.istat,
			f.properties
		])
	);
	await page.goto('/?layers=broadband');
	await waitForMapIdle(page);
	const table = page.locator('[data-broadband-table]');
	await table.locator('summary').press('Enter');
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(byIstat.size);
	const cells = await rows.evaluateAll((trs) =>
		trs.map((tr) => [tr.getAttribute('data-istat')!, tr.querySelector('td')!.textContent!.trim()])
	);
	for (const [istat, shown] of cells) {
		const p = byIstat.get(istat)!;
		const expected =
			p.ftth_household_share_reliability === 'unreliable'
				? 'dato della fonte non affidabile'
				: p.ftth_household_share === null
					? 'dato non disponibile'
					: `${italianNumber(p.ftth_household_share, 1)} %`;
		expect(shown, istat).toBe(expected);
	}
	// Another indicator: the table follows the selector, as the map does.
	await page.getByLabel('Indicatore').selectOption('addresses_ftth');
	await expect(table.locator('caption')).toHaveText('Indirizzi raggiunti in FTTH');
	const lucca = byIstat.get('046017')!;
	await expect(table.locator('tr[data-istat="046017"] td')).toHaveText(
		lucca.addresses_ftth === null ? 'dato non disponibile' : italianNumber(lucca.addresses_ftth)
	);
});

for (const path of ['/comuni/046007', '/interventi/rfi-1458-scalo-porcari', '/ambiti/1']) {
	test(`${path}: the small map is a picture, and what it links to is in a list or table`, async ({
		page
	}) => {
		await page.goto(path);
		const svg = page.locator('figure svg[aria-hidden="true"]').first();
		await expect(svg).toBeVisible();
		const mapLinks = await svg
			.locator('a')
			.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('tabindex')]));
		expect(mapLinks.length).toBeGreaterThan(0);
		for (const [, tabindex] of mapLinks) expect(tabindex).toBe('-1');
		// The links the page offers outside the picture, to the keyboard and screen readers.
		const pageLinks = new Set(
			await page
				.locator('a[href]:not(svg a)')
				.evaluateAll((as) => as.map((a) => a.getAttribute('href')))
		);
		if (path.startsWith('/comuni/')) {
			// Every neighbour drawn is a link in the report's comparison table.
			for (const [href] of mapLinks) expect(pageLinks.has(href), href!).toBe(true);
		} else if (path.startsWith('/interventi/')) {
			// The municipalities it concerns (purple on the map) are links in its facts.
			const concerned = await page
				.locator('figure svg path.focus')
				.evaluateAll((ps) => ps.map((p) => p.closest('a')!.getAttribute('href')));
			expect(concerned.length).toBeGreaterThan(0);
			for (const href of concerned) expect(pageLinks.has(href), href!).toBe(true);
		} else {
			// Each intervention the ambito has, placed on its map or not, is a row of the table below.
			const ambito = await (await page.request.get('/api/v1/ambiti/1')).json();
			const rows = page.locator('table.interventions tbody tr');
			expect(await page.locator('figure svg .mark').count()).toBeGreaterThan(0);
			await expect(rows).toHaveCount(ambito.interventions.features.length);
			for (const href of await rows
				.locator('a')
				.evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
				expect(href).toMatch(/^\/interventi\//);
		}
	});
}

test('the report’s chart by ambito is a table for screen readers, with the same figures', async ({
	page
}) => {
	await page.goto('/comuni/046017');
	const bars = page.locator('.chart svg g');
	const rows = page.locator('table[data-chart-table] tbody tr');
	expect(await bars.count()).toBeGreaterThan(0);
	await expect(rows).toHaveCount(await bars.count());
	await expect(page.locator('.chart svg')).toHaveAttribute('aria-hidden', 'true');
	const drawn = await bars.evaluateAll((gs) =>
		gs.map((g) =>
			[...g.querySelectorAll('text')].map((t) => t.textContent!.replace(/\s+/g, ' ').trim())
		)
	);
	const listed = await rows.evaluateAll((trs) =>
		trs.map((tr) => [...tr.children].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()))
	);
	// Label, then "cost · count" on the bar; name, cost, count in the row.
	expect(listed.map(([name, cost, count]) => [name, `${cost} · ${count}`])).toEqual(drawn);
	// In the accessibility tree: a table named after the chart.
	await expect(
		page.getByRole('table', { name: "Importi noti per ambito d'intervento" })
	).toHaveCount(1);
});
