import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { formatNumber, translate, type Lang, type MessageKey } from '#lib/i18n/index.ts';
import { DEFAULT_INDICATOR, DEFAULT_OPACITY } from '#lib/state/layer-state.svelte.ts';
import {
	isNationalLayer,
	type BroadbandProperties,
	type LayerInfo,
	type MunicipalitySummary
} from '#lib/types.ts';
import { offlineBasemapStyle } from './basemap.ts';
import { broadbandScale } from './broadband-scale.ts';
import { layerLegend, type LegendSymbol } from './layer-legend.ts';
import { MUNICIPALITY_LAYER_IDS } from './layers/municipalities.ts';
import { nationalScale } from './layers/national.ts';
import { legendRows, type ClassedScale } from './legend.ts';
import { atlasOverlay, MUNICIPALITY_SOURCE } from './overlay.ts';
import { styleToSvg } from './style-svg.ts';
import {
	choroplethShown,
	CONTEXT_OUTLINE_SOURCE,
	nationalLayerStyle,
	thematicLayerStyle
} from './thematic.ts';
import { AREA_HATCH_IMAGES, hatchSpec, hatchSvgPattern, type HatchDirection } from './hatch.ts';
import { markerPath, markerSvg, parseMarkerId, type MarkerShape } from './markers.ts';
import type { Theme } from './theme.ts';
import {
	fittingFontSize,
	framedBbox,
	staticMapLayout,
	staticMapProjection,
	zoomOfProjection,
	type BBox
} from './static-map-layout.ts';

type AnyCollection = FeatureCollection<Geometry, Record<string, unknown>>;

/** The family the image's text is set in (the server loads it from @fontsource/noto-sans). */
export const STATIC_MAP_FONT = 'Noto Sans';

export interface StaticMapInput {
	width: number;
	height: number;
	lang: Lang;
	theme: Theme;
	/** Regions and the province outline (the offline basemap's land). */
	land: AnyCollection;
	/** The municipal boundaries, with `istat`. */
	municipalities: AnyCollection;
	provinceBbox: BBox;
	/** The highlighted municipality, whose bounds the image frames and whose name it shows. */
	selected?: { istat: string; name: string; bbox: BBox; labelPoint: [number, number] };
	/** The thematic layers shown, bottom first, with their features. */
	layers: { info: LayerInfo; collection: AnyCollection }[];
	title: string;
	attribution: string;
	/** Names of the plan's ambiti by code, for the interventions' legend. */
	ambitoNames: Record<string, string>;
}

/**
 * The atlas's style for a view, as the interactive map composes it on its offline basemap: land,
 * municipalities, and each thematic layer below the outlines (areas) or below the names (points).
 */
export function viewStyle(input: StaticMapInput): {
	style: StyleSpecification;
	data: Record<string, AnyCollection>;
} {
	const { theme } = input;
	const basemap = offlineBasemapStyle({ land: input.land, fontUrl: '', attribution: '', theme });
	// Only the highlighted municipality is named (the image has no label collision detection).
	const named = input.selected
		? [
				{
					istat: input.selected.istat,
					name: input.selected.name,
					label_point: input.selected.labelPoint
				}
			]
		: [];
	const overlay = atlasOverlay({
		municipalitiesData: input.municipalities,
		municipalities: named as MunicipalitySummary[],
		attribution: '',
		theme
	});
	const sources = { ...basemap.sources, ...overlay.sources };
	const data: Record<string, AnyCollection> = {};
	const belowLines: LayerSpecification[] = [];
	const belowLabels: LayerSpecification[] = [];
	const overChoropleth = choroplethShown(input.layers.map((layer) => layer.info.id));
	for (const { info, collection } of input.layers) {
		const style = isNationalLayer(info.id)
			? nationalLayerStyle({ ...info, id: info.id }, theme, {
					tilesUrl: '',
					landUrl: '',
					province: input.municipalities.features[0]?.properties?.istat
						? String(input.municipalities.features[0].properties.istat).slice(0, 3)
						: '',
					opacity: DEFAULT_OPACITY,
					lang: input.lang
				})
			: thematicLayerStyle(info, collection, theme, {
					indicator: DEFAULT_INDICATOR,
					opacity: DEFAULT_OPACITY,
					lang: input.lang,
					choroplethShown: overChoropleth
				});
		Object.assign(sources, { [style.sourceId]: style.source }, style.extraSources ?? {});
		// Tiles and URLs are the browser's: here the features are at hand.
		data[style.sourceId] = collection;
		if (style.extraSources?.[CONTEXT_OUTLINE_SOURCE]) data[CONTEXT_OUTLINE_SOURCE] = input.land;
		(style.clickable.length ? belowLabels : belowLines).push(...style.layers);
	}
	const layers: LayerSpecification[] = [...basemap.layers];
	for (const layer of overlay.layers) {
		if (layer.id === MUNICIPALITY_LAYER_IDS.line) layers.push(...belowLines);
		if (layer.id === MUNICIPALITY_LAYER_IDS.label) layers.push(...belowLabels);
		layers.push(layer);
	}
	return { style: { ...basemap, sources, layers }, data };
}

interface LegendLine {
	text: string;
	heading?: boolean;
	symbol?: LegendSymbol | 'box';
	shape?: MarkerShape;
	color?: string;
	hatch?: HatchDirection;
}

function classLabels(scale: ClassedScale, lang: Lang, unit: string, wholeCounts: boolean) {
	const fmt = (value: number) => `${formatNumber(lang, value)}${unit}`;
	return legendRows(scale).map((row) => {
		let text: string;
		if (wholeCounts) {
			const from = row.from ?? 0;
			text =
				row.to === null
					? translate(lang, 'legend.above', { from: fmt(from) })
					: row.to - 1 === from
						? fmt(from)
						: `${fmt(from)}–${fmt(row.to - 1)}`;
		} else if (row.from === null && row.to === null)
			text = translate(lang, 'legend.above', { from: fmt(0) });
		else if (row.from === null) text = translate(lang, 'legend.below', { to: fmt(row.to!) });
		else if (row.to === null) text = translate(lang, 'legend.above', { from: fmt(row.from) });
		else text = translate(lang, 'legend.between', { from: fmt(row.from), to: fmt(row.to) });
		return { text, symbol: 'box' as const, color: row.color };
	});
}

/** The legend's lines for the layers shown, from the same scales and rules as the atlas's legends. */
export function legendLines(input: StaticMapInput): LegendLine[] {
	const { lang, theme } = input;
	const lines: LegendLine[] = [];
	for (const { info, collection } of [...input.layers].reverse()) {
		lines.push({ text: info.title[lang], heading: true });
		if (info.id === 'broadband') {
			const features = collection.features as unknown as { properties: BroadbandProperties }[];
			lines.push(
				...classLabels(
					broadbandScale(DEFAULT_INDICATOR, features, theme.sequential),
					lang,
					'%',
					false
				),
				{ text: translate(lang, 'legend.unreliable'), symbol: 'box', color: theme.unreliable },
				{ text: translate(lang, 'legend.notAvailable'), symbol: 'box', color: theme.noData }
			);
			continue;
		}
		if (isNationalLayer(info.id)) {
			const broadband = info.id === 'national-broadband';
			lines.push(
				...classLabels(nationalScale(info.id, theme), lang, broadband ? '%' : '', !broadband)
			);
			continue;
		}
		for (const entry of layerLegend(info.id, collection.features, theme, {
			choroplethShown: choroplethShown(input.layers.map((layer) => layer.info.id))
		})) {
			const params: Record<string, string> = { ...entry.params };
			if (params.sector)
				params.sector = translate(lang, `district.sector.${params.sector}` as MessageKey);
			if (params.ambito) params.ambito = input.ambitoNames[params.ambito] ?? params.ambito;
			lines.push({
				text: translate(lang, entry.label as MessageKey, params),
				symbol: entry.symbol,
				shape: entry.shape,
				color: entry.color,
				hatch: entry.hatch
			});
		}
	}
	return lines;
}

const escapeText = (value: string) =>
	value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A legend swatch 22 × 12 at (x, y), drawn as LayerLegend.svelte draws it. */
function swatch(line: LegendLine, x: number, y: number, theme: Theme): string {
	const color = line.color ?? theme.label;
	const stroke = (c: string, width: number, dash?: string) =>
		`<line x1="${x + 2}" y1="${y + 6}" x2="${x + 20}" y2="${y + 6}" stroke="${c}" stroke-width="${width}" stroke-linecap="${dash ? 'butt' : 'round'}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
	switch (line.symbol) {
		case 'box':
			return `<rect x="${x + 2}" y="${y}" width="18" height="12" fill="${color}" stroke="#000" stroke-opacity="0.25"/>`;
		case 'area':
			return `<rect x="${x + 2}" y="${y + 1}" width="18" height="10" fill="${color}" fill-opacity="0.35" stroke="${color}" stroke-width="2"/>`;
		case 'area-hatched': {
			const id = `legend-hatch-${Math.round(x)}-${Math.round(y)}`;
			return `<defs>${hatchSvgPattern(id, { ...hatchSpec(color, line.hatch), size: 5, lineWidth: 1.3 })}</defs><rect x="${x + 2}" y="${y + 1}" width="18" height="10" fill="url(#${id})" stroke="${color}" stroke-width="2"/>`;
		}
		case 'point':
		case 'point-hollow':
			if (line.shape)
				return `<path d="${markerPath(line.shape, x + 11, y + 6, 5.5)}" fill="${line.symbol === 'point' ? color : theme.estimatedFill}" stroke="${color}" stroke-width="${line.symbol === 'point' ? 1 : 2}" stroke-linejoin="round"/>`;
			return `<circle cx="${x + 11}" cy="${y + 6}" r="5" fill="${line.symbol === 'point' ? color : theme.estimatedFill}" stroke="${color}" stroke-width="${line.symbol === 'point' ? 1.5 : 2.5}"/>`;
		case 'point-small':
			return `<circle cx="${x + 11}" cy="${y + 6}" r="3.5" fill="${theme.railCasing}" stroke="${color}" stroke-width="1.5"/>`;
		case 'line-masked':
			return stroke(color, 6) + stroke(theme.railCasing, 2.5, '3 3');
		case 'line-dashed':
			return stroke(color, 4, '4 3');
		case 'line':
			return stroke(color, 4);
		default:
			return '';
	}
}

/**
 * The image of a view as SVG: the map drawn from the atlas's style, a title band, a legend of the
 * layers shown and the attribution line. Pure: the server rasterises it (resvg).
 */
export function buildStaticMapSvg(input: StaticMapInput): string {
	const { width, height, theme } = input;
	const hasLegend = input.layers.length > 0;
	const layout = staticMapLayout(width, height, hasLegend);
	const bbox = input.selected ? framedBbox(input.selected.bbox) : input.provinceBbox;
	const projection = staticMapProjection(bbox, width, height, hasLegend);
	const { style, data } = viewStyle(input);
	const map = styleToSvg(style, {
		projection,
		zoom: zoomOfProjection(projection),
		width,
		height,
		data,
		featureState: (source, id) =>
			source === MUNICIPALITY_SOURCE && id === input.selected?.istat ? { selected: true } : {},
		symbolLayers: [MUNICIPALITY_LAYER_IDS.label],
		fontFamily: STATIC_MAP_FONT,
		// Every area hatch, under the image id the style names it by.
		patterns: Object.fromEntries(
			Object.entries(AREA_HATCH_IMAGES).map(([direction, image]) => [
				image,
				(id: string) =>
					hatchSvgPattern(id, hatchSpec(theme.areaOverChoropleth, direction as HatchDirection))
			])
		),
		icons: (name, x, y, scale) => {
			const marker = parseMarkerId(name);
			return marker && markerSvg(marker, x, y, scale);
		}
	});
	const font = `font-family="${STATIC_MAP_FONT}"`;
	const titleSize = Math.round(layout.title * 0.46);
	const brand = translate(input.lang, 'app.title');
	const brandSize = Math.round(titleSize * 0.72);
	const titleRoom = width - 3 * layout.pad - brand.length * brandSize * 0.55;
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<defs><clipPath id="title-clip"><rect width="${Math.round(layout.pad + titleRoom)}" height="${layout.title}"/></clipPath>`,
		`<clipPath id="legend-clip"><rect x="${layout.legend.x}" y="${layout.legend.y}" width="${layout.legend.width}" height="${layout.legend.height}"/></clipPath></defs>`,
		map,
		`<rect width="${width}" height="${layout.title}" fill="#ffffff" fill-opacity="0.94"/>`,
		`<text x="${layout.pad}" y="${layout.title / 2}" dominant-baseline="central" ${font} font-weight="700" font-size="${fittingFontSize(input.title, titleRoom, titleSize, true)}" fill="${theme.municipalitySelectedLine}" clip-path="url(#title-clip)">${escapeText(input.title)}</text>`,
		`<text x="${width - layout.pad}" y="${layout.title / 2}" dominant-baseline="central" text-anchor="end" ${font} font-size="${brandSize}" fill="${theme.label}">${escapeText(brand)}</text>`
	];
	if (hasLegend) {
		const { x, y, width: w, height: h } = layout.legend;
		const rowHeight = 17;
		const lines = legendLines(input);
		const fits = Math.max(1, Math.floor((h - 12) / rowHeight));
		const shown =
			lines.length > fits ? [...lines.slice(0, fits - 1), { text: '…' } as LegendLine] : lines;
		parts.push(
			`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#ffffff" fill-opacity="0.94"/>`,
			`<g clip-path="url(#legend-clip)" ${font} font-size="11" fill="${theme.label}">`,
			...shown.map((line, i) => {
				const top = y + 8 + i * rowHeight;
				if (line.heading)
					return `<text x="${x + 8}" y="${top + 10}" font-weight="700">${escapeText(line.text)}</text>`;
				return `${swatch(line, x + 6, top, theme)}<text x="${x + 32}" y="${top + 10}">${escapeText(line.text)}</text>`;
			}),
			'</g>'
		);
	}
	const attributionTop = height - layout.attribution;
	parts.push(
		`<rect y="${attributionTop}" width="${width}" height="${layout.attribution}" fill="#ffffff" fill-opacity="0.9"/>`,
		`<text x="${layout.pad}" y="${attributionTop + layout.attribution / 2}" dominant-baseline="central" ${font} font-size="${fittingFontSize(input.attribution, width - 2 * layout.pad, Math.round(layout.attribution * 0.62))}" fill="${theme.label}">${escapeText(input.attribution)}</text>`,
		'</svg>'
	);
	return parts.join('\n');
}
