import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { offlineBasemapStyle, withOverlay } from '../../src/lib/map/basemap.ts';
import {
	municipalityLabelLayers,
	municipalityLayers
} from '../../src/lib/map/layers/municipalities.ts';
import { atlasOverlay } from '../../src/lib/map/overlay.ts';
import { lightTheme } from '../../src/lib/map/theme.ts';
import type { MunicipalitySummary } from '../../src/lib/types.ts';

const municipality: MunicipalitySummary = {
	istat: '046001',
	name: 'Alfa',
	province: '046',
	area_km2: 1,
	population: null,
	population_year: null,
	density_per_km2: null,
	bbox: [10, 43, 10.1, 43.1],
	label_point: [10.05, 43.05]
};

const offline = offlineBasemapStyle({
	land: 'http://localhost/basemap/land.geojson',
	fontUrl: 'http://localhost/font.woff2',
	attribution: 'test',
	theme: lightTheme
});

/** A catalogue entry with nothing but its id and theme to say. */
const layerInfo = <Id extends string>(id: Id, theme: string) => ({
	id,
	theme,
	title: { it: id, en: id },
	description: { it: '-', en: '-' },
	method: { it: '-', en: '-' },
	gaps: { it: '-', en: '-' },
	precision: { it: '-', en: '-' },
	licence: { it: '-', en: '-' },
	sources: [{ owner: 's', title: { it: 's', en: 's' }, url: 'https://example.org' }],
	data_date: null
});

function errorsOf(style: StyleSpecification) {
	return validateStyleMin(style).map((e) => e.message);
}

describe('map styles validate against the MapLibre style spec', () => {
	it('offline basemap', () => {
		expect(errorsOf(offline)).toEqual([]);
	});
	it('municipality layers over the offline basemap', () => {
		const overlay = atlasOverlay({
			municipalitiesData: 'http://localhost/api/v1/municipalities',
			municipalities: [municipality],
			attribution: 'ISTAT',
			theme: lightTheme
		});
		expect(
			errorsOf(withOverlay(offline, { ...overlay, fontUrl: 'http://localhost/font.woff2' }))
		).toEqual([]);
	});
	it('the validator catches a broken layer (the test can fail)', () => {
		const [fill] = municipalityLayers('municipalities', lightTheme);
		const broken = {
			...offline,
			layers: [{ ...fill, paint: { 'fill-color': 42 } }]
		} as unknown as StyleSpecification;
		expect(
			errorsOf({
				...broken,
				sources: { ...offline.sources, municipalities: { type: 'geojson', data: {} } }
			} as unknown as StyleSpecification).length
		).toBeGreaterThan(0);
	});
});

describe('layer functions', () => {
	it('take every colour from the theme', () => {
		const dark = Object.fromEntries(
			Object.keys(lightTheme).map((k) => [k, '#010203'])
		) as unknown as typeof lightTheme;
		const text = JSON.stringify([
			...municipalityLayers('s', dark),
			...municipalityLabelLayers('l', dark)
		]);
		expect(text.match(/#[0-9a-f]{6}/gi)?.every((c) => c === '#010203')).toBe(true);
	});
	it('withOverlay keeps the basemap layers below the overlay', () => {
		const overlay = atlasOverlay({
			municipalitiesData: 'x',
			municipalities: [municipality],
			attribution: '',
			theme: lightTheme
		});
		const ids = withOverlay(offline, { ...overlay, fontUrl: 'f' }).layers.map((l) => l.id);
		expect(ids.indexOf('land')).toBeLessThan(ids.indexOf('municipalities-fill'));
		expect(ids.at(-1)).toBe('municipalities-label');
	});
});

describe('broadband layer', () => {
	it('validates for every indicator', async () => {
		const { broadbandLayers } = await import('../../src/lib/map/layers/broadband.ts');
		const { BROADBAND_INDICATORS } = await import('../../src/lib/types.ts');
		for (const indicator of BROADBAND_INDICATORS) {
			const style = {
				...offline,
				sources: {
					...offline.sources,
					broadband: { type: 'geojson' as const, data: 'http://localhost/b' }
				},
				layers: [
					...offline.layers,
					...broadbandLayers('broadband', lightTheme, {
						indicator,
						scale: { breaks: [10, 20], colors: ['#a1dab4', '#41b6c4', '#253494'] }
					})
				]
			};
			expect(errorsOf(style), indicator).toEqual([]);
		}
	});
});

describe('thematic layer styles', () => {
	it('validate for every layer of the catalogue', async () => {
		const { thematicLayerStyle } = await import('../../src/lib/map/thematic.ts');
		const catalogue = [
			'broadband',
			'bottlenecks',
			'districts',
			'technology-poles',
			'puccini',
			'interventions'
		].map((id) => layerInfo(id, 't'));
		for (const layer of catalogue) {
			const style = thematicLayerStyle(
				layer,
				{ type: 'FeatureCollection', features: [] },
				lightTheme,
				{
					indicator: 'ftth_household_share',
					opacity: 0.7,
					lang: 'it'
				}
			);
			const full = {
				...offline,
				sources: { ...offline.sources, [style.sourceId]: style.source },
				layers: [...offline.layers, ...style.layers]
			};
			expect(errorsOf(full), layer.id).toEqual([]);
			// The same style narrowed by a filter still validates, and every layer carries it.
			const filtered = thematicLayerStyle(
				layer,
				{ type: 'FeatureCollection', features: [] },
				lightTheme,
				{
					indicator: 'ftth_household_share',
					opacity: 0.7,
					lang: 'it',
					filter: ['in', ['get', 'id'], ['literal', ['a', 'b']]]
				}
			);
			expect(
				errorsOf({ ...full, layers: [...offline.layers, ...filtered.layers] }),
				layer.id
			).toEqual([]);
			for (const spec of filtered.layers)
				expect(JSON.stringify((spec as { filter?: unknown }).filter), spec.id).toContain(
					'["literal",["a","b"]]'
				);
			for (const id of style.clickable)
				expect(
					style.layers.map((l) => l.id),
					layer.id
				).toContain(id);
		}
	});
});

describe('area layers over a choropleth', () => {
	it('validate, and no district or intervention layer fills with an opaque colour', async () => {
		const { thematicLayerStyle, choroplethShown } = await import('../../src/lib/map/thematic.ts');
		for (const id of ['districts', 'interventions']) {
			const style = thematicLayerStyle(
				layerInfo(id, 't'),
				{ type: 'FeatureCollection', features: [] },
				lightTheme,
				{
					indicator: 'ftth_household_share',
					opacity: 1,
					lang: 'it',
					choroplethShown: choroplethShown(['broadband', id])
				}
			);
			expect(
				errorsOf({
					...offline,
					sources: { ...offline.sources, [style.sourceId]: style.source },
					layers: [...offline.layers, ...style.layers]
				}),
				id
			).toEqual([]);
			for (const spec of style.layers.filter((l) => l.type === 'fill'))
				expect(spec.paint, spec.id).not.toHaveProperty('fill-color');
		}
	});
});

describe('observations from the territory', () => {
	it('validate as a clustered source, filtered by its data, every clickable layer drawn', async () => {
		const { thematicLayerStyle } = await import('../../src/lib/map/thematic.ts');
		const layer = layerInfo('observations', 'participation');
		const point = (id: string, category: string) => ({
			type: 'Feature' as const,
			properties: { id, kind: 'observation', category, shape: 'point', title: id },
			geometry: { type: 'Point' as const, coordinates: [10.5, 43.84] }
		});
		const collection = {
			type: 'FeatureCollection' as const,
			features: [point('a', 'broadband'), point('b', 'tourism')]
		};
		const style = thematicLayerStyle(layer, collection, lightTheme, {
			indicator: 'ftth_household_share',
			opacity: 1,
			lang: 'it',
			keep: (p) => p.category === 'tourism'
		});
		expect(style.filtersData).toBe(true);
		expect(style.source).toMatchObject({ type: 'geojson', cluster: true });
		const data = (style.source as unknown as { data: typeof collection }).data;
		expect(data.features.map((f) => f.properties.id)).toEqual(['b']);
		const full = {
			...offline,
			sources: { ...offline.sources, [style.sourceId]: style.source },
			layers: [...offline.layers, ...style.layers]
		};
		expect(errorsOf(full)).toEqual([]);
		for (const id of style.clickable) expect(style.layers.map((l) => l.id)).toContain(id);
		// Markers take their colour from the theme, a colour no other layer uses.
		expect(JSON.stringify(style.layers)).toContain(lightTheme.observation);
		expect(Object.values(lightTheme.layerColors)).not.toContain(lightTheme.observation);
		expect(lightTheme.ambitoColors).not.toContain(lightTheme.observation);
	});
});

describe('interventions coloured by progress', () => {
	it('validates, and paints each progress in its theme colour (grey when absent)', async () => {
		const { interventionLayers } = await import('../../src/lib/map/layers/interventions.ts');
		const { createExpression, latest } = await import('@maplibre/maplibre-gl-style-spec');
		const layers = interventionLayers('s', lightTheme, { colourBy: 'progress' });
		const style = {
			...offline,
			sources: { ...offline.sources, s: { type: 'geojson' as const, data: 'http://localhost/i' } },
			layers: [...offline.layers, ...layers]
		};
		expect(errorsOf(style)).toEqual([]);
		const point = layers.find((l) => l.id === 's-point') as { paint: { 'circle-color': unknown } };
		const compiled = createExpression(
			point.paint['circle-color'],
			latest.paint_circle['circle-color'] as never
		);
		if (compiled.result !== 'success') throw new Error('expression did not compile');
		// The colour MapLibre works out for a feature with these properties.
		const colourOf = (properties: Record<string, unknown>) =>
			String(
				compiled.value.evaluate({ zoom: 10 } as never, { type: 'Point', properties } as never)
			);
		for (const [progress, colour] of Object.entries(lightTheme.progressColors))
			expect(colourOf({ progress }), progress).toBe(colour);
		expect(colourOf({})).toBe(lightTheme.progressColors.not_monitored);
		// By ambito, the same feature takes its ambito's colour, not its progress.
		const byAmbito = interventionLayers('s', lightTheme).find((l) => l.id === 's-point') as {
			paint: { 'circle-color': unknown };
		};
		expect(JSON.stringify(byAmbito.paint['circle-color'])).not.toContain('progress');
	});
});

describe('attributionOf', () => {
	it('names each source owner once, as they write themselves, after the title in the reader’s language', async () => {
		const { attributionOf } = await import('../../src/lib/map/thematic.ts');
		const source = (owner: string, it: string, en: string, url: string) => ({
			owner,
			title: { it, en },
			url
		});
		const layer = {
			title: { it: 'Ferrovie', en: 'Railways' },
			sources: [
				source('RFI', 'RFI – rete ferroviaria', 'RFI – railway network', 'https://a.example'),
				source('RFI', 'RFI – stazioni', 'RFI – stations', 'https://b.example'),
				source('Trenitalia', 'Trenitalia – stazioni', 'Trenitalia – stations', 'https://c.example')
			]
		};
		expect(attributionOf(layer, 'it')).toBe('Ferrovie: RFI, Trenitalia');
		expect(attributionOf(layer, 'en')).toBe('Railways: RFI, Trenitalia');
	});
});

describe('proposal layer', () => {
	it('validates, and draws every kind of geometry a planner can draw', async () => {
		const { proposalLayers } = await import('../../src/lib/map/layers/proposal.ts');
		const layers = proposalLayers('proposal', lightTheme);
		const style = {
			...offline,
			sources: {
				...offline.sources,
				proposal: { type: 'geojson' as const, data: 'http://localhost/p' }
			},
			layers: [...offline.layers, ...layers]
		};
		expect(errorsOf(style)).toEqual([]);
		const filters = JSON.stringify(layers.map((l) => ('filter' in l ? l.filter : null)));
		for (const kind of ['Point', 'Polygon']) expect(filters).toContain(kind);
	});
});

describe('the national context', () => {
	it.each(['national-broadband', 'national-pnrr'] as const)(
		'%s validates as vector tiles with the outlines, outside the province only',
		async (id) => {
			const { nationalLayerStyle } = await import('../../src/lib/map/thematic.ts');
			const style = nationalLayerStyle(layerInfo(id, 'context'), lightTheme, {
				tilesUrl: 'http://localhost/api/v1/tiles/national-municipalities/{z}/{x}/{y}.mvt',
				landUrl: 'http://localhost/basemap/land.geojson',
				province: '046',
				opacity: 1,
				lang: 'en'
			});
			const full = {
				...offline,
				sources: { ...offline.sources, ...style.extraSources, [style.sourceId]: style.source },
				layers: [...offline.layers, ...style.layers]
			};
			expect(errorsOf(full)).toEqual([]);
			const drawn = style.layers.filter((l) => 'source-layer' in l);
			expect(drawn.length).toBe(2);
			for (const layer of drawn)
				expect((layer as { filter: unknown }).filter).toEqual([
					'!=',
					['get', 'province_code'],
					'046'
				]);
		}
	);

	it('paints a municipality in the class the legend gives it, grey or pink when unknown', async () => {
		const { nationalLayers, nationalScale } = await import('../../src/lib/map/layers/national.ts');
		const { createExpression, latest } = await import('@maplibre/maplibre-gl-style-spec');
		const { classOf } = await import('../../src/lib/map/legend.ts');
		const colourOf = (id: 'national-broadband' | 'national-pnrr', properties: object) => {
			const [fill] = nationalLayers(id, 's', lightTheme, { province: '046' });
			const expression = createExpression(
				(fill as { paint: { 'fill-color': unknown } }).paint['fill-color'],
				latest.paint_fill['fill-color'] as never
			);
			if (expression.result !== 'success') throw new Error('bad expression');
			const colour = expression.value.evaluate({ zoom: 6 }, { properties } as never) as {
				toString(): string;
			};
			return colour.toString();
		};
		const ftth = nationalScale('national-broadband', lightTheme);
		expect(colourOf('national-broadband', { ftth_share: 63.6, ftth_reliability: 'ok' })).toBe(
			ftth.colors[classOf(63.6, ftth)]
		);
		expect(colourOf('national-broadband', { ftth_reliability: 'unavailable' })).toBe(
			lightTheme.noData
		);
		expect(colourOf('national-broadband', { ftth_reliability: 'unreliable' })).toBe(
			lightTheme.unreliable
		);
		const pnrr = nationalScale('national-pnrr', lightTheme);
		for (const count of [0, 1, 3, 9, 10, 250])
			expect(colourOf('national-pnrr', { pnrr_projects: count })).toBe(
				pnrr.colors[classOf(count, pnrr)]
			);
	});
});

describe('swapBasemap', () => {
	it('puts the online basemap under everything drawn over the offline one, in order', async () => {
		const { swapBasemap } = await import('../../src/lib/map/basemap.ts');
		const overlay = atlasOverlay({
			municipalitiesData: 'http://localhost/api/v1/municipalities',
			municipalities: [municipality],
			attribution: 'ISTAT',
			theme: lightTheme
		});
		const drawn = withOverlay(offline, { ...overlay, fontUrl: 'http://localhost/font.woff2' });
		// A thematic layer added later, between the municipal fill and the outlines.
		const thematic = {
			id: 'layer-districts-fill',
			type: 'fill',
			source: 'layer-districts'
		} as const;
		const current: StyleSpecification = {
			...drawn,
			sources: { ...drawn.sources, 'layer-districts': { type: 'geojson', data: 'x' } },
			layers: [...drawn.layers.slice(0, -2), thematic, ...drawn.layers.slice(-2)]
		};
		const online: StyleSpecification = {
			version: 8,
			glyphs: 'http://online/{fontstack}/{range}.pbf',
			sources: { tiles: { type: 'vector', url: 'http://online/tiles.json' } },
			layers: [{ id: 'online-background', type: 'background' }]
		};
		const swapped = swapBasemap(current, offline, online);
		const overlayIds = current.layers
			.map((l) => l.id)
			.filter((id) => !offline.layers.some((l) => l.id === id));
		expect(swapped.layers.map((l) => l.id)).toEqual(['online-background', ...overlayIds]);
		expect(overlayIds).toContain('layer-districts-fill');
		expect(Object.keys(swapped.sources).sort()).toEqual(
			['tiles', ...Object.keys(current.sources).filter((id) => id !== 'atlas-land')].sort()
		);
		expect(swapped.glyphs).toBe(online.glyphs);
		expect(errorsOf(swapped)).toEqual([]);
	});
});
