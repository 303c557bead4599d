import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { differenceCiede2000 } from 'culori';
import { PNG } from 'pngjs';
import { lightTheme } from '../../src/lib/map/theme.ts';
import { basemapUnreachable, waitForMapIdle } from './helpers.ts';

/** The province's own layers (the national ones draw outside it). */
const PROVINCE_LAYERS = [
	'broadband',
	'bottlenecks',
	'districts',
	'technology-poles',
	'puccini',
	'interventions',
	'observations'
];
const CHOROPLETHS = new Set(['broadband']);
/** Layers with areas (interventions: those drawn as a perimeter in the database). */
const AREA_LAYERS = new Set(['districts', 'interventions']);
/** The hatch each area layer is drawn with over a choropleth: the two diagonals. */
const HATCH_IMAGE: Record<string, string> = {
	districts: 'area-hatch',
	interventions: 'area-hatch-rising'
};
const OUT = path.resolve(import.meta.dirname, '../../test-results/layer-pairs');
mkdirSync(OUT, { recursive: true });

const pairs = PROVINCE_LAYERS.flatMap((a, i) => PROVINCE_LAYERS.slice(i + 1).map((b) => [a, b]));
const deltaE = differenceCiede2000();

/** #rrggbb of `top` at `alpha` over `bottom`: what the map shows of a translucent fill. */
function over(top: string, alpha: number, bottom: string): string {
	const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
	const [t, b] = [rgb(top), rgb(bottom)];
	return `#${t
		.map((v, i) =>
			Math.round(alpha * v + (1 - alpha) * b[i])
				.toString(16)
				.padStart(2, '0')
		)
		.join('')}`;
}

/**
 * The broadband classes as drawn (fill 0.8 over the municipalities' white 0.7 over the land) and
 * as the theme names them: an outline must stand apart from both.
 */
const background = over(lightTheme.municipalityFill, 0.7, lightTheme.land);
const classColours = [...lightTheme.sequential, lightTheme.noData, lightTheme.unreliable].flatMap(
	(c) => [c, over(c, 0.8, background)]
);

/** Screen points along the areas' boundaries that show the map itself (no panel, no name). */
async function boundaryPoints(page: Page, rings: [number, number][][]) {
	return page.evaluate((rings) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const canvas = map.getCanvas();
		const box = canvas.getBoundingClientRect();
		const points: { x: number; y: number }[] = [];
		for (const ring of rings)
			for (let i = 1; i < ring.length; i++) {
				const [a, b] = [map.project(ring[i - 1]), map.project(ring[i])];
				const length = Math.hypot(b.x - a.x, b.y - a.y);
				// Midpoints of segments long enough to hold a straight piece of outline.
				if (length < 12) continue;
				const x = (a.x + b.x) / 2;
				const y = (a.y + b.y) / 2;
				if (x < 10 || y < 10 || x > box.width - 10 || y > box.height - 10) continue;
				if (document.elementFromPoint(box.x + x, box.y + y) !== canvas) continue;
				const near = map.queryRenderedFeatures(
					[
						[x - 10, y - 10],
						[x + 10, y + 10]
					],
					{ layers: ['municipalities-label'] }
				);
				if (near.length) continue;
				points.push({ x: Math.round(box.x + x), y: Math.round(box.y + y) });
			}
		return points;
	}, rings);
}

test.beforeEach(async ({ page }) => basemapUnreachable(page));

for (const [a, b] of pairs) {
	const orders =
		CHOROPLETHS.has(a) && AREA_LAYERS.has(b)
			? [
					[a, b],
					[b, a]
				]
			: [[a, b]];
	for (const order of orders)
		test(`layers ${order.join(' + ')}: drawn together, legible`, async ({ page, request }) => {
			await page.goto(`/?layers=${order.join(',')}`);
			await waitForMapIdle(page);
			for (const id of order)
				await expect(page.locator(`.layer[data-layer="${id}"] > label.toggle input`)).toBeChecked();
			const shot = await page.screenshot({ path: path.join(OUT, `${order.join('+')}.png`) });
			if (!order.some((id) => CHOROPLETHS.has(id)) || !order.some((id) => AREA_LAYERS.has(id)))
				return;

			const area = order.find((id) => AREA_LAYERS.has(id))!;
			// No layer of the area layer paints a fill colour over the choropleth: a hatch and outlines.
			const areaLayers = await page.evaluate((source) => {
				const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
				return map
					.getStyle()
					.layers.filter((l) => 'source' in l && l.source === source)
					.map((l) => ({ type: l.type, paint: l.paint as Record<string, unknown> }));
			}, `layer-${area}`);
			const fills = areaLayers.filter((l) => l.type === 'fill');
			expect(fills.length).toBeGreaterThan(0);
			for (const layer of fills) {
				expect(layer.paint).not.toHaveProperty('fill-color');
				expect(layer.paint['fill-pattern']).toBe(HATCH_IMAGE[area]);
			}
			const hatchedRow = page.locator(`[data-legend="${area}"] li[data-symbol="area-hatched"]`);
			await expect(hatchedRow).toHaveCount(1);
			if (area === 'districts')
				await expect(page.locator('[data-legend="districts"] li')).toHaveCount(1);
			await expect(page.locator(`.layer[data-layer="${area}"] [data-overlap-note]`)).toContainText(
				'mappa a colori'
			);

			// The outline's pixels, read from the screenshot, against every class colour.
			type Shape = { type: string; coordinates?: unknown; geometries?: Shape[] };
			const layer = (await (await request.get(`/api/v1/layers/${area}`)).json()) as {
				features: { geometry: Shape | null }[];
			};
			const ringsOf = (g: Shape | null): [number, number][][] =>
				g?.type === 'Polygon'
					? (g.coordinates as [number, number][][])
					: g?.type === 'MultiPolygon'
						? (g.coordinates as [number, number][][][]).flat()
						: (g?.geometries ?? []).flatMap(ringsOf);
			const rings = layer.features.flatMap((f) => ringsOf(f.geometry));
			expect(rings.length, `${area} has areas to check`).toBeGreaterThan(0);
			const points = await boundaryPoints(page, rings);
			expect(points.length).toBeGreaterThan(30);
			const png = PNG.sync.read(shot);
			const samples = points.map(({ x, y }) => {
				const i = (y * png.width + x) * 4;
				const hex = `#${[0, 1, 2].map((c) => png.data[i + c].toString(16).padStart(2, '0')).join('')}`;
				return {
					hex,
					toOutline: deltaE(hex, lightTheme.areaOverChoropleth),
					toClasses: Math.min(...classColours.map((c) => deltaE(hex, c)))
				};
			});
			const sorted = (values: number[]) => [...values].sort((p, q) => p - q);
			const toClasses = sorted(samples.map((s) => s.toClasses));
			const toOutline = sorted(samples.map((s) => s.toOutline));
			const apart = samples.filter((s) => s.toClasses >= 15).length / samples.length;
			const summary = {
				pair: order.join('+'),
				samples: samples.length,
				shareAtLeast15FromEveryClass: Number(apart.toFixed(3)),
				toClasses: {
					min: Number(toClasses[0].toFixed(1)),
					p10: Number(toClasses[Math.floor(toClasses.length * 0.1)].toFixed(1)),
					median: Number(toClasses[Math.floor(toClasses.length / 2)].toFixed(1))
				},
				toOutlineColour: { median: Number(toOutline[Math.floor(toOutline.length / 2)].toFixed(1)) },
				nearestSamples: samples.sort((p, q) => p.toClasses - q.toClasses).slice(0, 3)
			};
			writeFileSync(path.join(OUT, `${order.join('+')}.json`), JSON.stringify(summary, null, 2));
			console.log(JSON.stringify(summary));
			// The samples are the outline: nearer its colour than any class's…
			const outline = samples.filter((s) => s.toOutline < s.toClasses).length / samples.length;
			expect(outline).toBeGreaterThanOrEqual(0.95);
			// …and nearly all of them far from every class (a few may fall on a marker or a join).
			expect(apart).toBeGreaterThanOrEqual(0.95);
			expect(summary.toClasses.p10).toBeGreaterThanOrEqual(15);
		});
}

/**
 * How strongly a screenshot window is hatched along each diagonal: the mean colour change one
 * pixel down-right (small along falling lines, "\\") and one pixel down-left (small along rising
 * ones, "/"). The choropleth beneath is flat inside a municipality, so the hatch makes the change.
 */
function diagonalChange(png: PNG, x0: number, y0: number, size: number) {
	const at = (x: number, y: number) => {
		const i = (y * png.width + x) * 4;
		return [png.data[i], png.data[i + 1], png.data[i + 2]];
	};
	const change = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
	let falling = 0;
	let rising = 0;
	for (let y = y0; y < y0 + size - 1; y++)
		for (let x = x0 + 1; x < x0 + size - 1; x++) {
			falling += change(at(x, y), at(x + 1, y + 1));
			rising += change(at(x, y), at(x - 1, y + 1));
		}
	const n = (size - 1) * (size - 2);
	return { falling: falling / n, rising: rising / n };
}

test('broadband + districts + interventions: districts and intervention areas hatched along different diagonals', async ({
	page
}) => {
	await page.goto('/?layers=broadband,districts,interventions');
	await waitForMapIdle(page);
	// The style names one pattern per layer, and the map made both images.
	const drawn = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const patterns = Object.fromEntries(
			map
				.getStyle()
				.layers.filter((l) => l.type === 'fill' && 'source' in l && /^layer-/.test(l.source))
				.map((l) => [l.id, (l.paint as Record<string, unknown>)?.['fill-pattern'] ?? null])
		);
		return { patterns, images: ['area-hatch', 'area-hatch-rising'].map((id) => map.hasImage(id)) };
	});
	expect(drawn.patterns).toMatchObject({
		'layer-districts-fill': HATCH_IMAGE.districts,
		'layer-interventions-area': HATCH_IMAGE.interventions
	});
	expect(drawn.images).toEqual([true, true]);
	// Each legend row draws its own layer's diagonal.
	await expect(
		page.locator('[data-legend="districts"] li[data-symbol="area-hatched"]')
	).toHaveAttribute('data-hatch', 'falling');
	await expect(
		page.locator('[data-legend="interventions"] li[data-symbol="area-hatched"]')
	).toHaveAttribute('data-hatch', 'rising');

	const shot = await page.screenshot({ path: path.join(OUT, 'two-hatches.png') });
	const measured = await hatchedSquares(page, shot);
	const of = (kind: string) => measured.filter((m) => m.kind === kind);
	console.log(
		JSON.stringify({
			squares: Object.fromEntries(
				['districts', 'interventions', 'districts+interventions'].map((k) => [k, of(k).length])
			),
			sample: [...of('districts').slice(0, 2), ...of('districts+interventions').slice(0, 2)]
		})
	);
	// Inside a district alone the colour holds along "\\" and changes along "/"…
	expect(of('districts').length, 'squares inside a district alone').toBeGreaterThan(0);
	for (const m of of('districts')) expect(m.falling, JSON.stringify(m)).toBeLessThan(m.rising / 2);
	// …inside an intervention area alone the other way round…
	for (const m of of('interventions'))
		expect(m.rising, JSON.stringify(m)).toBeLessThan(m.falling / 2);
	// …and where an intervention is drawn on a district's ground both diagonals cross: the
	// intervention's hatch is not the district's drawn twice.
	expect(of('districts+interventions').length, 'squares inside both').toBeGreaterThan(0);
	for (const m of of('districts+interventions')) {
		expect(m.falling, JSON.stringify(m)).toBeGreaterThan(m.rising / 2);
		expect(m.rising, JSON.stringify(m)).toBeGreaterThan(m.falling / 2);
	}

	// Intervention areas alone (districts off) are hatched "/".
	await page.goto('/?layers=broadband,interventions');
	await waitForMapIdle(page);
	const alone = await hatchedSquares(
		page,
		await page.screenshot({ path: path.join(OUT, 'intervention-hatch.png') })
	);
	expect(alone.length, 'squares inside an intervention area').toBeGreaterThan(0);
	for (const m of alone) {
		expect(m.kind).toBe('interventions');
		expect(m.rising, JSON.stringify(m)).toBeLessThan(m.falling / 2);
	}
});

/**
 * Squares of the screenshot inside hatched areas (which kinds: districts, interventions or both),
 * clear of outlines, names and points, with how their colour changes along each diagonal.
 */
async function hatchedSquares(page: Page, shot: Buffer) {
	const SIZE = 16;
	const squares = await page.evaluate((size) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const canvas = map.getCanvas();
		const box = canvas.getBoundingClientRect();
		const style = map.getStyle().layers;
		const kinds: [string, string][] = [
			['districts', 'layer-districts-fill'],
			['interventions', 'layer-interventions-area']
		].filter(([, layer]) => style.some((l) => l.id === layer)) as [string, string][];
		const kindAt = (x: number, y: number) =>
			kinds
				.filter(([, layer]) => map.queryRenderedFeatures([x, y], { layers: [layer] }).length > 0)
				.map(([kind]) => kind)
				.join('+');
		const marks = style
			.filter((l) => l.type === 'line' || l.type === 'symbol' || l.type === 'circle')
			.map((l) => l.id);
		const found: { kind: string; x: number; y: number }[] = [];
		for (let y = 20; y < box.height - 20 - size; y += 5)
			for (let x = 20; x < box.width - 20 - size; x += 5) {
				const kind = kindAt(x, y);
				if (!kind) continue;
				const corners = [
					[x + size, y],
					[x, y + size],
					[x + size, y + size]
				].map(([px, py]) => kindAt(px, py));
				if (corners.some((k) => k !== kind)) continue;
				const near = map.queryRenderedFeatures(
					[
						[x - 3, y - 3],
						[x + size + 3, y + size + 3]
					],
					{ layers: marks }
				);
				if (near.length) continue;
				if (document.elementFromPoint(box.x + x + size / 2, box.y + y + size / 2) !== canvas)
					continue;
				found.push({ kind, x: Math.round(box.x + x), y: Math.round(box.y + y) });
			}
		return found;
	}, SIZE);
	const png = PNG.sync.read(shot);
	return squares.map((w) => ({ ...w, ...diagonalChange(png, w.x, w.y, SIZE) }));
}
