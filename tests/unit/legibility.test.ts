import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { differenceCiede2000 } from 'culori';
import { describe, expect, it } from 'vitest';
import {
	AREA_HATCH_IMAGES,
	areaHatchSpec,
	hatchImage,
	hatchPath,
	hatchSpec,
	hatchSvgPattern
} from '#lib/map/hatch.ts';
import { layerLegend } from '#lib/map/layer-legend.ts';
import {
	LAYER_MARKERS,
	markerId,
	markerImage,
	markerSvg,
	parseMarkerId,
	type MarkerSpec
} from '#lib/map/markers.ts';
import { districtLayers } from '#lib/map/layers/districts.ts';
import { AREA_LAYER_HATCH } from '#lib/map/layers/hatched-areas.ts';
import { interventionLayers } from '#lib/map/layers/interventions.ts';
import { buildStaticMapSvg, legendLines, type StaticMapInput } from '#lib/map/static-map.ts';
import { staticMapProjection } from '#lib/map/static-map-layout.ts';
import { styleToSvg } from '#lib/map/style-svg.ts';
import { choroplethShown, thematicLayerStyle } from '#lib/map/thematic.ts';
import { lightTheme } from '#lib/map/theme.ts';
import type { LayerInfo } from '#lib/types.ts';
import { collection, square } from '../support/shapes.ts';

const deltaE = differenceCiede2000();

/** Every colour a choropleth of the atlas paints a municipality with. */
const choroplethColours = [
	...lightTheme.sequential,
	...lightTheme.pnrrSequential,
	lightTheme.noData,
	lightTheme.unreliable
];

const layerInfo = (id: string): LayerInfo => ({
	id,
	theme: 'industry',
	title: { it: id, en: id },
	description: { it: '', en: '' },
	method: { it: '', en: '' },
	gaps: { it: '', en: '' },
	precision: { it: 'schematica', en: 'schematic' },
	licence: { it: 'CC BY 4.0', en: 'CC BY 4.0' },
	sources: [{ owner: 'Fonte', title: { it: 'Fonte', en: 'Source' }, url: 'https://example.org' }],
	data_date: null
});
const districts = collection([
	{
		type: 'Feature',
		properties: { id: 'd1', name: 'D', sector: 'paper' },
		geometry: square(10.05, 43.05, 0.1)
	}
]);

describe('choroplethShown', () => {
	it('is true with the broadband or a national choropleth among the layers, false without', () => {
		expect(choroplethShown(['districts', 'broadband'])).toBe(true);
		expect(choroplethShown(['national-pnrr', 'districts'])).toBe(true);
		expect(choroplethShown(['national-broadband'])).toBe(true);
		expect(choroplethShown(['districts', 'puccini', 'interventions'])).toBe(false);
		expect(choroplethShown([])).toBe(false);
	});
});

describe('area layers over a choropleth', () => {
	const fills = (layers: ReturnType<typeof districtLayers>) =>
		layers.filter((l) => l.type === 'fill') as { paint?: Record<string, unknown> }[];

	it('draw districts filled by sector without a choropleth', () => {
		const [fill] = fills(districtLayers('s', lightTheme));
		expect(JSON.stringify(fill.paint?.['fill-color'])).toContain(lightTheme.districtColors.paper);
	});

	it('with broadband on, no district layer fills with a colour: a hatch and an outline instead', () => {
		const style = thematicLayerStyle(layerInfo('districts'), districts, lightTheme, {
			indicator: 'ftth_household_share',
			opacity: 1,
			lang: 'it',
			choroplethShown: choroplethShown(['broadband', 'districts'])
		});
		const fillLayers = fills(style.layers);
		expect(fillLayers).toHaveLength(1);
		expect(fillLayers[0].paint).not.toHaveProperty('fill-color');
		expect(fillLayers[0].paint?.['fill-pattern']).toBe(AREA_HATCH_IMAGES.falling);
		// The fill is still there to be clicked.
		expect(style.clickable).toContain((fillLayers[0] as { id: string }).id);
		const lines = style.layers.filter((l) => l.type === 'line') as {
			paint: Record<string, unknown>;
		}[];
		expect(lines.map((l) => l.paint['line-color'])).toEqual([
			lightTheme.labelHalo,
			lightTheme.areaOverChoropleth
		]);
		// No sector colour is left anywhere in the style.
		const text = JSON.stringify(style.layers);
		for (const colour of Object.values(lightTheme.districtColors))
			expect(text).not.toContain(colour);
	});

	it('hatch intervention areas the same way but along the other diagonal, keeping their points coloured', () => {
		const layers = interventionLayers('s', lightTheme, { choroplethShown: true });
		const area = layers.find((l) => l.id === 's-area') as { paint: Record<string, unknown> };
		expect(area.paint['fill-pattern']).toBe(AREA_HATCH_IMAGES.rising);
		expect(area.paint).not.toHaveProperty('fill-color');
		expect(layers.map((l) => l.id)).toContain('s-area-line');
		const alone = interventionLayers('s', lightTheme).find((l) => l.id === 's-area') as {
			paint: Record<string, unknown>;
		};
		expect(alone.paint).toHaveProperty('fill-color');
	});

	it('use a colour at CIEDE2000 distance ≥ 15 from every choropleth class', () => {
		const distances = choroplethColours.map((c) => deltaE(lightTheme.areaOverChoropleth, c));
		expect(Math.min(...distances)).toBeGreaterThanOrEqual(15);
		// The check can fail: a YlGnBu class is not far from its own neighbour's hue.
		expect(deltaE(lightTheme.sequential[2], lightTheme.sequential[1])).toBeLessThan(40);
		expect(choroplethColours.some((c) => deltaE('#2c7fb9', c) < 15)).toBe(true);
	});

	it('give districts and intervention areas different hatches, each named by its own layer', () => {
		const patternOf = (layers: { type: string; paint?: unknown }[]) =>
			layers
				.filter((l) => l.type === 'fill')
				.map((l) => (l.paint as Record<string, unknown>)['fill-pattern']);
		const district = patternOf(districtLayers('d', lightTheme, { choroplethShown: true }));
		const intervention = patternOf(interventionLayers('i', lightTheme, { choroplethShown: true }));
		expect(district).toEqual([AREA_HATCH_IMAGES[AREA_LAYER_HATCH.districts]]);
		expect(intervention).toEqual([AREA_HATCH_IMAGES[AREA_LAYER_HATCH.interventions]]);
		expect(district[0]).not.toBe(intervention[0]);
		// The outlines keep the one hue, so only the pattern tells them apart.
		const outline = (layers: { id: string; paint?: unknown }[], id: string) =>
			(layers.find((l) => l.id === id)?.paint as Record<string, unknown>)['line-color'];
		expect(outline(districtLayers('d', lightTheme, { choroplethShown: true }), 'd-line')).toBe(
			lightTheme.areaOverChoropleth
		);
		expect(
			outline(interventionLayers('i', lightTheme, { choroplethShown: true }), 'i-area-line')
		).toBe(lightTheme.areaOverChoropleth);
	});

	it('validate against the MapLibre style spec, both hatched together', () => {
		const layers = [
			...districtLayers('d', lightTheme, { choroplethShown: true, opacity: 0.7 }),
			...interventionLayers('i', lightTheme, { choroplethShown: true, opacity: 0.7 })
		];
		const style = {
			version: 8 as const,
			sources: {
				d: { type: 'geojson' as const, data: districts },
				i: { type: 'geojson' as const, data: districts }
			},
			layers
		};
		expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
		// The check can fail: a pattern given as a number is refused.
		const broken = {
			...style,
			layers: [{ ...layers[0], paint: { 'fill-pattern': 42 } }] as unknown as typeof layers
		};
		expect(validateStyleMin(broken).length).toBeGreaterThan(0);
	});
});

describe('hatchImage', () => {
	const spec = hatchSpec('#7f3b08');
	const image = hatchImage(spec);
	const alpha = (x: number, y: number) => image.data[(y * image.width + x) * 4 + 3];

	it('is a square RGBA tile of the given size in the given colour', () => {
		expect([image.width, image.height]).toEqual([spec.size, spec.size]);
		expect(image.data).toHaveLength(spec.size * spec.size * 4);
		expect([...image.data.slice(0, 3)]).toEqual([0x7f, 0x3b, 0x08]);
	});

	it('draws the diagonal opaque and the space between lines clear', () => {
		for (let i = 0; i < spec.size; i++) expect(alpha(i, i)).toBe(255);
		expect(alpha(spec.size / 2, 0)).toBe(0);
		expect(alpha(0, spec.size / 2)).toBe(0);
		expect(alpha(1, 0)).toBeGreaterThan(0);
		expect(alpha(1, 0)).toBeLessThan(255);
		let coverage = 0;
		for (let i = 3; i < image.data.length; i += 4) coverage += image.data[i] / 255;
		// Lines `lineWidth` wide, size/√2 apart across them: a thin hatch, the colours beneath show.
		expect(coverage / (spec.size * spec.size)).toBeCloseTo(
			(spec.lineWidth * Math.SQRT2) / spec.size,
			1
		);
		expect(coverage / (spec.size * spec.size)).toBeLessThan(0.3);
	});

	it('tiles without a seam: every pixel equals its neighbour along the lines, across the edges', () => {
		for (let y = 0; y < spec.size; y++)
			for (let x = 0; x < spec.size; x++)
				expect(alpha(x, y)).toBe(alpha((x + 1) % spec.size, (y + 1) % spec.size));
	});

	it('draws the rising diagonal as the falling one mirrored, and they cross at one pixel a row', () => {
		const rising = hatchImage(hatchSpec('#7f3b08', 'rising'));
		const risingAlpha = (x: number, y: number) => rising.data[(y * rising.width + x) * 4 + 3];
		const n = spec.size;
		for (let y = 0; y < n; y++)
			for (let x = 0; x < n; x++) expect(risingAlpha(x, y)).toBe(alpha(n - 1 - x, y));
		// Opaque along bottom-left to top-right, clear on the falling diagonal away from the crossing.
		for (let i = 0; i < n; i++) expect(risingAlpha(n - 1 - i, i)).toBe(255);
		expect(risingAlpha(2, 2)).toBe(0);
		expect(risingAlpha(n - 3, n - 3)).toBe(0);
		// The two cross between pixel centres (an even tile): no opaque pixel is both's.
		let shared = 0;
		for (let y = 0; y < n; y++)
			for (let x = 0; x < n; x++) if (alpha(x, y) === 255 && risingAlpha(x, y) === 255) shared++;
		expect(shared).toBe(0);
		expect([...rising.data.slice(0, 3)]).toEqual([0x7f, 0x3b, 0x08]);
	});

	it('tiles the rising hatch without a seam too: each pixel equals its neighbour down-left', () => {
		const rising = hatchImage(hatchSpec('#7f3b08', 'rising'));
		const a = (x: number, y: number) => rising.data[(y * rising.width + x) * 4 + 3];
		const n = spec.size;
		for (let y = 0; y < n; y++)
			for (let x = 0; x < n; x++) expect(a(x, y)).toBe(a((x - 1 + n) % n, (y + 1) % n));
	});

	it('names each hatch by an image id that gives its spec back, and no other image', () => {
		expect(new Set(Object.values(AREA_HATCH_IMAGES)).size).toBe(2);
		for (const [direction, image] of Object.entries(AREA_HATCH_IMAGES))
			expect(areaHatchSpec(image, '#7f3b08')).toEqual(
				hatchSpec('#7f3b08', direction as 'falling' | 'rising')
			);
		expect(areaHatchSpec('marker:square:#01665e:#ffffff:1.5:22', '#7f3b08')).toBeUndefined();
	});

	it('refuses a colour it cannot paint', () => {
		expect(() => hatchImage({ ...spec, colour: 'brown' })).toThrow(/#rrggbb/);
	});

	it('has an SVG twin for images made on the server', () => {
		const pattern = hatchSvgPattern('p', spec);
		expect(pattern).toContain('id="p"');
		expect(pattern).toContain('stroke="#7f3b08"');
		expect(pattern).toContain(`width="${spec.size}"`);
	});

	it('draws the SVG twin along the same diagonal as the pixels, for either direction', () => {
		// Endpoints of the main line: (0,0)–(s,s) falling, (s,0)–(0,s) rising.
		expect(hatchPath(10, 'falling').startsWith('M0,0L10,10')).toBe(true);
		expect(hatchPath(10, 'rising').startsWith('M10,0L0,10')).toBe(true);
		expect(hatchSvgPattern('p', hatchSpec('#7f3b08', 'rising'))).toContain(
			`d="${hatchPath(10, 'rising')}"`
		);
		// Every segment of a rising tile runs up-right: x + y is constant along it.
		for (const [, x1, y1, x2, y2] of hatchPath(10, 'rising').matchAll(
			/M(-?[\d.]+),(-?[\d.]+)L(-?[\d.]+),(-?[\d.]+)/g
		))
			expect(Number(x1) + Number(y1)).toBe(Number(x2) + Number(y2));
	});
});

describe('the static map follows', () => {
	const projection = staticMapProjection([10, 43, 10.4, 43.2], 400, 300, false);
	const patternStyle = {
		version: 8 as const,
		sources: { s: { type: 'geojson' as const, data: districts } },
		layers: [
			{
				id: 'hatched',
				type: 'fill' as const,
				source: 's',
				paint: { 'fill-pattern': AREA_HATCH_IMAGES.falling, 'fill-opacity': 0.8 }
			}
		]
	};

	it('fills a patterned layer with the pattern it is given', () => {
		const svg = styleToSvg(patternStyle, {
			projection,
			zoom: 9,
			width: 400,
			height: 300,
			patterns: { [AREA_HATCH_IMAGES.falling]: (id) => hatchSvgPattern(id, spec()) }
		});
		expect(svg).toContain('<defs><pattern id="pattern-area-hatch"');
		expect(svg).toContain('fill="url(#pattern-area-hatch)" fill-opacity="0.8"');
	});

	it('draws nothing (never a black fill) for a pattern it is not given', () => {
		const svg = styleToSvg(patternStyle, { projection, zoom: 9, width: 400, height: 300 });
		expect(svg).toBe('');
	});

	const spec = () => hatchSpec(lightTheme.areaOverChoropleth);
	const interventionAreas = collection([
		{
			type: 'Feature',
			properties: { id: 'i1', title: 'I', primary_ambito: 1 },
			geometry: square(10.2, 43.05, 0.1)
		}
	]);
	const input = (ids: string[]): StaticMapInput => ({
		width: 600,
		height: 400,
		lang: 'it',
		theme: lightTheme,
		land: collection([]),
		municipalities: collection([
			{
				type: 'Feature',
				properties: { istat: '046001', name: 'Uno' },
				geometry: square(10, 43, 0.2)
			}
		]),
		provinceBbox: [10, 43, 10.4, 43.2],
		layers: ids.map((id) => ({
			info: layerInfo(id),
			collection:
				id === 'districts' ? districts : id === 'interventions' ? interventionAreas : collection([])
		})),
		title: 'Prova',
		attribution: 'ISTAT',
		ambitoNames: {}
	});

	it('hatches districts over the broadband choropleth, and legends them so', () => {
		const svg = buildStaticMapSvg(input(['broadband', 'districts']));
		expect(svg).toContain('data-layer="layer-districts-fill"><path');
		expect(svg).toContain('fill="url(#pattern-area-hatch)"');
		const texts = legendLines(input(['broadband', 'districts'])).map((l) => l.text);
		expect(texts).toContain('Distretto industriale (contorno, tratteggio discendente)');
		expect(texts).not.toContain('Settore: cartario');
	});

	it('hatches districts and intervention areas along different diagonals, map and legend alike', () => {
		const layers = ['broadband', 'districts', 'interventions'];
		const svg = buildStaticMapSvg(input(layers));
		const fillOf = (layer: string) =>
			new RegExp(`data-layer="${layer}"><path[^>]*fill="url\\(#([^)]+)\\)"`).exec(svg)?.[1];
		expect(fillOf('layer-districts-fill')).toBe('pattern-area-hatch');
		expect(fillOf('layer-interventions-area')).toBe('pattern-area-hatch-rising');
		// Each pattern is defined once, along its own diagonal.
		expect(svg).toContain(
			`<pattern id="pattern-area-hatch" width="10" height="10" patternUnits="userSpaceOnUse"><path d="${hatchPath(10, 'falling')}"`
		);
		expect(svg).toContain(
			`<pattern id="pattern-area-hatch-rising" width="10" height="10" patternUnits="userSpaceOnUse"><path d="${hatchPath(10, 'rising')}"`
		);
		const hatchedRows = legendLines(input(layers)).filter((l) => l.symbol === 'area-hatched');
		expect(hatchedRows.map((l) => [l.text, l.hatch])).toEqual([
			['Area di un intervento (contorno, tratteggio ascendente)', 'rising'],
			['Distretto industriale (contorno, tratteggio discendente)', 'falling']
		]);
		// The legend's swatches draw the same diagonals, at the legend's finer tile.
		expect(svg).toContain(`d="${hatchPath(5, 'rising')}"`);
		expect(svg).toContain(`d="${hatchPath(5, 'falling')}"`);
	});

	it('fills districts by sector when no choropleth is shown', () => {
		const svg = buildStaticMapSvg(input(['districts']));
		expect(svg).not.toContain('pattern-area-hatch');
		expect(legendLines(input(['districts'])).map((l) => l.text)).toContain('Settore: cartario');
	});
});

describe('legend over a choropleth', () => {
	const area = { type: 'MultiPolygon' };
	it('has one hatched row for the districts, not one per sector', () => {
		const features = [
			{ properties: { sector: 'stone' }, geometry: area },
			{ properties: { sector: 'paper' }, geometry: area }
		];
		expect(layerLegend('districts', features, lightTheme, { choroplethShown: true })).toEqual([
			{
				symbol: 'area-hatched',
				color: lightTheme.areaOverChoropleth,
				label: 'legend.districtHatched',
				hatch: 'falling'
			}
		]);
		expect(layerLegend('districts', features, lightTheme).map((r) => r.symbol)).toEqual([
			'area',
			'area'
		]);
		expect(layerLegend('districts', [], lightTheme, { choroplethShown: true })).toEqual([]);
	});
	it('adds a hatched row for intervention areas only when there are areas', () => {
		const point = { properties: { primary_ambito: 1 }, geometry: { type: 'Point' } };
		const polygon = { properties: { primary_ambito: 1 }, geometry: { type: 'Polygon' } };
		const labels = (features: (typeof point)[]) =>
			layerLegend('interventions', features, lightTheme, { choroplethShown: true }).map(
				(r) => r.label
			);
		expect(labels([point, polygon])).toContain('legend.interventionArea');
		// An intervention acting on districts is drawn from their collected geometries.
		const collected = {
			properties: { primary_ambito: 1 },
			geometry: { type: 'GeometryCollection', geometries: [{ type: 'MultiPolygon' }] }
		};
		expect(labels([point, collected])).toContain('legend.interventionArea');
		expect(labels([point])).not.toContain('legend.interventionArea');
	});
	it('gives each hatched row the diagonal its layer is drawn with', () => {
		const polygon = { properties: { primary_ambito: 1, sector: 'paper' }, geometry: area };
		const hatchOf = (layer: string) =>
			layerLegend(layer, [polygon], lightTheme, { choroplethShown: true }).find(
				(r) => r.symbol === 'area-hatched'
			)?.hatch;
		expect(hatchOf('districts')).toBe(AREA_LAYER_HATCH.districts);
		expect(hatchOf('interventions')).toBe(AREA_LAYER_HATCH.interventions);
		expect(hatchOf('districts')).not.toBe(hatchOf('interventions'));
	});
});

describe('point markers differ by shape', () => {
	const spec: MarkerSpec = {
		shape: 'diamond',
		fill: '#01665e',
		stroke: '#ffffff',
		strokeWidth: 1.5,
		size: 22
	};

	it('name a marker by an id that gives it back, and refuse ids that are not markers', () => {
		expect(parseMarkerId(markerId(spec))).toEqual(spec);
		for (const image of Object.values(AREA_HATCH_IMAGES))
			expect(parseMarkerId(image)).toBeUndefined();
		expect(parseMarkerId('marker:hexagon:#01665e:#ffffff:1.5:22')).toBeUndefined();
		expect(parseMarkerId('marker:square:teal:#ffffff:1.5:22')).toBeUndefined();
		expect(parseMarkerId('marker:square:#01665e:#ffffff:1.5:640')).toBeUndefined();
	});

	it('rasterise fill inside, outline at the edge, nothing outside', () => {
		const image = markerImage(spec, 2);
		expect([image.width, image.height]).toEqual([44, 44]);
		const pixel = (x: number, y: number) => [
			...image.data.slice((y * 44 + x) * 4, (y * 44 + x) * 4 + 4)
		];
		expect(pixel(22, 22)).toEqual([0x01, 0x66, 0x5e, 255]);
		// A diamond leaves its box's corners empty.
		expect(pixel(1, 1)[3]).toBe(0);
		expect(pixel(42, 42)[3]).toBe(0);
		// Just inside the top point: the white outline.
		expect(pixel(22, 2).slice(0, 3)).toEqual([255, 255, 255]);
	});

	it('give the point layers four shapes that cover different pixels', () => {
		const shapes = Object.values(LAYER_MARKERS);
		expect(new Set(shapes).size).toBe(shapes.length);
		const masks = shapes.map((shape) =>
			[...markerImage({ ...spec, shape }, 2).data.filter((_, i) => i % 4 === 3)].map((a) => a > 127)
		);
		for (let a = 0; a < masks.length; a++)
			for (let b = a + 1; b < masks.length; b++) {
				const both = masks[a].filter((on, i) => on && masks[b][i]).length;
				const either = masks[a].filter((on, i) => on || masks[b][i]).length;
				// Intersection over union well below 1: a reader tells them apart without colour.
				expect(both / either, `${shapes[a]} vs ${shapes[b]}`).toBeLessThan(0.8);
			}
	});

	it('are what each point layer draws; interventions and stations stay circles', () => {
		const shapeOf = (id: string, collectionOf = collection([])) => {
			const style = thematicLayerStyle(layerInfo(id), collectionOf, lightTheme, {
				indicator: 'ftth_household_share',
				opacity: 1,
				lang: 'it'
			});
			const icons = style.layers
				.filter((l) => l.type === 'symbol' && l.layout && 'icon-image' in l.layout)
				.map((l) => JSON.stringify((l.layout as Record<string, unknown>)['icon-image']));
			return [...new Set(icons.flatMap((t) => [...t.matchAll(/marker:(\w+):/g)].map((m) => m[1])))];
		};
		expect(shapeOf('technology-poles')).toEqual(['square']);
		expect(shapeOf('puccini')).toEqual(['star']);
		expect(shapeOf('bottlenecks')).toEqual(['triangle']);
		expect(shapeOf('observations')).toEqual(['diamond']);
		expect(shapeOf('interventions')).toEqual([]);
		const interventions = thematicLayerStyle(
			layerInfo('interventions'),
			collection([]),
			lightTheme,
			{
				indicator: 'ftth_household_share',
				opacity: 1,
				lang: 'it'
			}
		);
		expect(interventions.layers.find((l) => l.id.endsWith('-point'))?.type).toBe('circle');
	});

	it('draw the same shape in the legend and on the server', () => {
		const rows = layerLegend(
			'puccini',
			[{ properties: { estimated: true }, geometry: { type: 'Point' } }],
			lightTheme
		);
		expect(rows).toEqual([
			expect.objectContaining({
				symbol: 'point-hollow',
				shape: 'star',
				label: 'legend.placeEstimated'
			})
		]);
		const svg = markerSvg({ ...spec, shape: 'star' }, 50, 50, 1);
		expect(svg.match(/[ML]/g)).toHaveLength(10);
		expect(svg).toContain('fill="#01665e"');
	});
});
