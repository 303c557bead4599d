import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
	buildStaticMapSvg,
	legendLines,
	viewStyle,
	type StaticMapInput
} from '#lib/map/static-map.ts';
import { staticMapLayout, staticMapProjection } from '#lib/map/static-map-layout.ts';
import { styleToSvg } from '#lib/map/style-svg.ts';
import { lightTheme } from '#lib/map/theme.ts';
import type { LayerInfo } from '#lib/types.ts';
import { collection, square } from '../support/shapes.ts';

// Synthetic shapes (never shown as data): square "municipalities" side by side.
const municipalities = collection([
	{ type: 'Feature', properties: { istat: '046001', name: 'Uno' }, geometry: square(10, 43, 0.2) },
	{ type: 'Feature', properties: { istat: '046002', name: 'Due' }, geometry: square(10.2, 43, 0.2) }
]);
const land = collection([
	{ type: 'Feature', properties: { kind: 'region', name: 'R' }, geometry: square(9.5, 42.5, 1.5) }
]);
const layerInfo = (id: string, title: string): LayerInfo => ({
	id,
	theme: 'innovation',
	title: { it: title, en: `${title} (en)` },
	description: { it: '', en: '' },
	method: { it: '', en: '' },
	gaps: { it: '', en: '' },
	precision: { it: 'punto', en: 'point' },
	licence: { it: 'CC BY 4.0', en: 'CC BY 4.0' },
	sources: [
		{
			owner: 'Fonte',
			title: { it: 'Fonte – prova', en: 'Source – test' },
			url: 'https://example.org'
		}
	],
	data_date: null
});
const poles = collection([
	{
		type: 'Feature',
		properties: { id: 'p1', name: 'Polo', estimated: false },
		geometry: { type: 'Point', coordinates: [10.1, 43.1] }
	}
]);
const base = (overrides: Partial<StaticMapInput> = {}): StaticMapInput => ({
	width: 600,
	height: 400,
	lang: 'it',
	theme: lightTheme,
	land,
	municipalities,
	provinceBbox: [10, 43, 10.4, 43.2],
	layers: [],
	title: 'Provincia & <prova>',
	attribution: 'ISTAT · Atlante',
	ambitoNames: {},
	...overrides
});

const hex = (colour: string) =>
	`rgb(${[1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)).join(',')})`;

describe('static map SVG', () => {
	it('colours the highlighted municipality with the style’s selection colour, the others not', () => {
		const svg = buildStaticMapSvg(
			base({
				selected: {
					istat: '046002',
					name: 'Due',
					bbox: [10.2, 43, 10.4, 43.2],
					labelPoint: [10.3, 43.1]
				}
			})
		);
		const fills = [...svg.matchAll(/<g data-layer="municipalities-fill">(.*?)<\/g>/g)][0][1].match(
			/fill="[^"]+"/g
		);
		expect(fills).toEqual([
			`fill="${hex(lightTheme.municipalityFill)}"`,
			`fill="${hex(lightTheme.municipalitySelected)}"`
		]);
		// The selection outline is drawn only around the selected one (opacity 0 elsewhere).
		const selectedLine = /<g data-layer="municipalities-selected-line">(.*?)<\/g>/.exec(svg)![1];
		expect(selectedLine.match(/<path/g)).toHaveLength(1);
		expect(selectedLine).toContain(`stroke="${hex(lightTheme.municipalitySelectedLine)}"`);
		// Its name, and only its, in the label style's colour over its halo.
		const label = /<g data-layer="municipalities-label">(.*?)<\/g>/.exec(svg)![1];
		expect(label.match(/>Due<\/text>/g)).toHaveLength(2);
		expect(label).toContain(`fill="${hex(lightTheme.label)}"`);
		expect(label).toContain(`stroke="${hex(lightTheme.labelHalo)}"`);
		expect(label).not.toContain('Uno');
	});

	it('names no municipality when none is highlighted', () => {
		expect(buildStaticMapSvg(base())).not.toContain('data-layer="municipalities-label"');
	});

	it('draws the sea, the land and the municipalities in the theme’s colours', () => {
		const svg = buildStaticMapSvg(base());
		expect(svg).toContain(`fill="${hex(lightTheme.sea)}"`);
		const land = /<g data-layer="land">(.*?)<\/g>/.exec(svg)![1];
		expect(land).toContain(`fill="${hex(lightTheme.land)}"`);
		expect(svg).toContain(`stroke="${hex(lightTheme.municipalityLine)}"`);
	});

	it('escapes the title and attribution', () => {
		const svg = buildStaticMapSvg(base());
		expect(svg).toContain('Provincia &amp; &lt;prova&gt;');
		expect(svg).not.toContain('<prova>');
	});

	it('draws a point layer above the outlines with its layer colour, and lists it in the legend', () => {
		const input = base({
			layers: [{ info: layerInfo('technology-poles', 'Poli'), collection: poles }]
		});
		const svg = buildStaticMapSvg(input);
		const order = ['municipalities-fill', 'municipalities-line', 'layer-technology-poles-circle'];
		const positions = order.map((id) => svg.indexOf(`data-layer="${id}"`));
		expect(positions.every((p) => p > 0)).toBe(true);
		expect([...positions].sort((a, b) => a - b)).toEqual(positions);
		const markers = /data-layer="layer-technology-poles-circle">(.*?)<\/g>/.exec(svg)![1];
		// A square marker (the poles' shape), in the layer's colour.
		expect(markers).toContain(`fill="${lightTheme.layerColors['technology-poles']}"`);
		const corners = [...markers.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [
			Number(m[1]),
			Number(m[2])
		]);
		expect(corners).toHaveLength(4);
		// Centred on the point's projected position.
		const projection = staticMapProjection(input.provinceBbox, 600, 400, true);
		const [x, y] = projection([10.1, 43.1])!;
		const middle = (values: number[]) => (Math.min(...values) + Math.max(...values)) / 2;
		expect(middle(corners.map(([cx]) => cx))).toBeCloseTo(x, 0);
		expect(middle(corners.map(([, cy]) => cy))).toBeCloseTo(y, 0);
		expect(legendLines(input).map((l) => l.text)).toEqual(['Poli', 'Posizione precisa']);
		expect(svg).toContain('>Posizione precisa</text>');
	});

	it('puts an area layer below the municipal outlines, as the atlas does', () => {
		const districts = collection([
			{
				type: 'Feature',
				properties: { id: 'd1', name: 'D', sector: 'paper' },
				geometry: square(10.05, 43.05, 0.1)
			}
		]);
		const { style } = viewStyle(
			base({ layers: [{ info: layerInfo('broadband', 'Banda'), collection: districts }] })
		);
		const ids = style.layers.map((l) => l.id);
		expect(ids.indexOf('broadband-fill')).toBeLessThan(ids.indexOf('municipalities-line'));
		expect(ids.indexOf('broadband-fill')).toBeGreaterThan(ids.indexOf('municipalities-fill'));
	});

	it('legends the broadband classes in the user’s language', () => {
		const input = base({
			lang: 'en',
			layers: [{ info: layerInfo('broadband', 'Banda'), collection: collection([]) }]
		});
		const texts = legendLines(input).map((l) => l.text);
		expect(texts[0]).toBe('Banda (en)');
		expect(texts).toContain('less than 20%');
		expect(texts).toContain('80% and over');
		expect(texts).toContain('data not available');
	});

	it('keeps the legend column clear of the map area', () => {
		const layout = staticMapLayout(1200, 630, true);
		expect(layout.map[1][0]).toBeLessThan(layout.legend.x);
		expect(layout.map[0][1]).toBeGreaterThanOrEqual(layout.title);
		expect(layout.map[1][1]).toBeLessThanOrEqual(630 - layout.attribution);
		expect(staticMapLayout(1200, 630, false).map[1][0]).toBeGreaterThan(layout.map[1][0]);
	});
});

describe('styleToSvg', () => {
	const projection = staticMapProjection([10, 43, 10.4, 43.2], 400, 300, false);
	it('applies filters and data-driven colours of a style', () => {
		const svg = styleToSvg(
			{
				version: 8,
				sources: { s: { type: 'geojson', data: municipalities } },
				layers: [
					{
						id: 'only-due',
						type: 'fill',
						source: 's',
						filter: ['==', ['get', 'istat'], '046002'],
						paint: { 'fill-color': ['match', ['get', 'name'], 'Due', '#123456', '#000000'] }
					}
				]
			},
			{ projection, zoom: 9, width: 400, height: 300 }
		);
		expect(svg.match(/<path/g)).toHaveLength(1);
		expect(svg).toContain('fill="rgb(18,52,86)"');
	});

	it('evaluates zoom-dependent widths and dashes in line widths', () => {
		const line = collection([
			{
				type: 'Feature',
				properties: {},
				geometry: {
					type: 'LineString',
					coordinates: [
						[10, 43],
						[10.3, 43.1]
					]
				}
			}
		]);
		const style = (zoom: number) =>
			styleToSvg(
				{
					version: 8,
					sources: { s: { type: 'geojson', data: line } },
					layers: [
						{
							id: 'l',
							type: 'line',
							source: 's',
							paint: {
								'line-color': '#ff0000',
								'line-width': ['interpolate', ['linear'], ['zoom'], 8, 2, 12, 6],
								'line-dasharray': [2, 1]
							}
						}
					]
				},
				{ projection, zoom, width: 400, height: 300 }
			);
		expect(style(8)).toContain('stroke-width="2"');
		expect(style(10)).toContain('stroke-width="4"');
		expect(style(10)).toContain('stroke-dasharray="8 4"');
	});

	it('leaves out layers outside their zoom range and transparent features', () => {
		const svg = styleToSvg(
			{
				version: 8,
				sources: { s: { type: 'geojson', data: municipalities } },
				layers: [
					{ id: 'far', type: 'fill', source: 's', minzoom: 12, paint: { 'fill-color': '#111111' } },
					{ id: 'clear', type: 'fill', source: 's', paint: { 'fill-color': 'rgba(0,0,0,0)' } }
				]
			},
			{ projection, zoom: 9, width: 400, height: 300 }
		);
		expect(svg).toBe('');
	});
});
