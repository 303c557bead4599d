import {
	expression,
	featureFilter,
	latest,
	type FeatureState,
	type StylePropertyExpression
} from '@maplibre/maplibre-gl-style-spec';
import { geoPath, type GeoProjection } from 'd3-geo';
import { forD3 } from './svg-map.ts';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

/**
 * Draws a MapLibre style as SVG, for images made on the server: background, fill, line and
 * circle layers of GeoJSON sources, each paint property evaluated per feature by MapLibre's own
 * expression engine (so the colours, widths and filters are those of the map's style functions,
 * never a copy of them). Symbol layers draw their text only when named in `symbolLayers`: without
 * MapLibre's collision detection, labels are for the few places the caller picks.
 */
export interface StyleSvgOptions {
	projection: GeoProjection;
	/** The web map zoom the image's scale corresponds to (paint expressions interpolate on it). */
	zoom: number;
	width: number;
	height: number;
	/** Data for sources whose style names a URL or tiles rather than inline GeoJSON. */
	data?: Record<string, FeatureCollection>;
	/** Feature state (hover, selection) per source and feature id. */
	featureState?: (source: string, id: unknown) => FeatureState;
	/** The symbol layers whose text is drawn (at their points, centred), and in what font. */
	symbolLayers?: string[];
	fontFamily?: string;
	/**
	 * The images fill layers name in `fill-pattern`, each as an SVG `<pattern>` made with the id
	 * `patternId(name)`; a fill whose pattern is not given is not drawn.
	 */
	patterns?: Record<string, (id: string) => string>;
	/**
	 * Draws the style image `name` of a symbol layer's `icon-image` centred at (x, y), scaled by
	 * its `icon-size`; undefined for an image it cannot draw.
	 */
	icons?: (name: string, x: number, y: number, scale: number) => string | undefined;
}

/** The id of the SVG `<pattern>` that paints the style image `name`. */
export const patternId = (name: string) => `pattern-${name.replace(/[^\w-]/g, '_')}`;

type Properties = Record<string, unknown>;
type StyleFeature = Feature<Geometry, Properties | null>;

/** A colour as SVG takes it: hex-free rgb() and the opacity apart (rgba() is not SVG 1.1). */
function svgColour(colour: unknown, opacity: number): { colour: string; opacity: number } | null {
	const match = /^rgba\(([\d.]+),([\d.]+),([\d.]+),([\d.]+)\)$/.exec(String(colour));
	if (!match) return null;
	const alpha = Number(match[4]) * opacity;
	if (alpha <= 0) return null;
	return {
		colour: `rgb(${match[1]},${match[2]},${match[3]})`,
		opacity: Number(alpha.toFixed(3))
	};
}

const escape = (value: string) =>
	value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** One layer's paint and layout properties, parsed once and evaluated per feature. */
function propertiesOf(layer: LayerSpecification) {
	const cache = new Map<string, StylePropertyExpression>();
	const get = (kind: 'paint' | 'layout', name: string) => {
		const key = `${kind}:${name}`;
		let parsed = cache.get(key);
		if (!parsed) {
			const reference = (latest as unknown as Record<string, Record<string, unknown>>)[
				`${kind}_${layer.type}`
			]?.[name] as { default?: unknown } | undefined;
			if (!reference) throw new Error(`No ${kind} property ${name} on ${layer.type} layers`);
			const own = (layer as unknown as Record<string, Record<string, unknown> | undefined>)[kind]?.[
				name
			];
			parsed = expression.normalizePropertyExpression(
				(own ?? reference.default) as never,
				name,
				reference as never
			);
			cache.set(key, parsed);
		}
		return parsed;
	};
	return get;
}

const pathTypes = new Set(['Polygon', 'MultiPolygon']);
const lineTypes = new Set(['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
const pointTypes = new Set(['Point', 'MultiPoint']);

function pointsOf(geometry: Geometry): Position[] {
	if (geometry.type === 'Point') return [geometry.coordinates];
	if (geometry.type === 'MultiPoint') return geometry.coordinates;
	return [];
}

/** The SVG elements drawing `style`'s layers, bottom first. */
export function styleToSvg(style: StyleSpecification, options: StyleSvgOptions): string {
	const draw = geoPath(options.projection);
	// Each geometry rewound for d3-geo once, whichever layers draw it.
	const rewound = new WeakMap<Geometry, Geometry>();
	const path = (geometry: Geometry) => {
		let d3Geometry = rewound.get(geometry);
		if (!d3Geometry) {
			d3Geometry = forD3(geometry);
			rewound.set(geometry, d3Geometry);
		}
		return draw(d3Geometry);
	};
	const globals = { zoom: options.zoom } as never;
	const out: string[] = [];
	const patternsUsed = new Set<string>();
	const featuresOf = (sourceId: string): StyleFeature[] => {
		const given = options.data?.[sourceId];
		if (given) return given.features as StyleFeature[];
		const source = style.sources[sourceId];
		if (source?.type === 'geojson' && typeof source.data === 'object') {
			const data = source.data as FeatureCollection | Feature;
			return (data.type === 'FeatureCollection' ? data.features : [data]) as StyleFeature[];
		}
		return [];
	};
	for (const layer of style.layers) {
		if (layer.layout && 'visibility' in layer.layout && layer.layout.visibility === 'none')
			continue;
		if (layer.minzoom !== undefined && options.zoom < layer.minzoom) continue;
		if (layer.maxzoom !== undefined && options.zoom >= layer.maxzoom) continue;
		const get = propertiesOf(layer);
		if (layer.type === 'background') {
			const fill = svgColour(
				get('paint', 'background-color').evaluate(globals),
				Number(get('paint', 'background-opacity').evaluate(globals))
			);
			if (fill)
				out.push(
					`<rect width="${options.width}" height="${options.height}" fill="${fill.colour}" fill-opacity="${fill.opacity}"/>`
				);
			continue;
		}
		const drawsText = layer.type === 'symbol' && options.symbolLayers?.includes(layer.id);
		const drawsIcons =
			layer.type === 'symbol' &&
			!drawsText &&
			options.icons !== undefined &&
			layer.layout !== undefined &&
			'icon-image' in layer.layout;
		if (
			layer.type !== 'fill' &&
			layer.type !== 'line' &&
			layer.type !== 'circle' &&
			!drawsText &&
			!drawsIcons
		)
			continue;
		const source = style.sources[layer.source];
		const promoteId =
			source?.type === 'geojson' && typeof source.promoteId === 'string'
				? source.promoteId
				: undefined;
		const filter = featureFilter(layer.filter, 'filter');
		const elements: string[] = [];
		for (const feature of featuresOf(layer.source)) {
			if (!feature.geometry || feature.geometry.type === 'GeometryCollection') continue;
			const properties = feature.properties ?? {};
			const id = promoteId ? properties[promoteId] : feature.id;
			const evaluated = {
				type: feature.geometry.type,
				id,
				properties
			} as never;
			if (!filter.filter(globals, evaluated)) continue;
			const state = options.featureState?.(layer.source, id) ?? {};
			const value = (kind: 'paint' | 'layout', name: string) =>
				get(kind, name).evaluate(globals, evaluated, state);
			if (
				layer.type === 'fill' &&
				pathTypes.has(feature.geometry.type) &&
				layer.paint &&
				'fill-pattern' in layer.paint
			) {
				const image = value('paint', 'fill-pattern') as { name?: string } | string | undefined;
				const name = typeof image === 'string' ? image : image?.name;
				const d = path(feature.geometry);
				const opacity = Number(value('paint', 'fill-opacity'));
				if (!d || !name || !options.patterns?.[name] || opacity <= 0) continue;
				patternsUsed.add(name);
				elements.push(
					`<path d="${d}" fill="url(#${patternId(name)})" fill-opacity="${Number(opacity.toFixed(3))}" fill-rule="evenodd"/>`
				);
			} else if (layer.type === 'fill' && pathTypes.has(feature.geometry.type)) {
				const d = path(feature.geometry);
				const fill = svgColour(
					value('paint', 'fill-color'),
					Number(value('paint', 'fill-opacity'))
				);
				if (!d || !fill) continue;
				// MapLibre draws an outline only when antialiasing and an outline colour are asked for.
				const outlined =
					value('paint', 'fill-antialias') !== false &&
					layer.paint &&
					'fill-outline-color' in layer.paint
						? svgColour(
								value('paint', 'fill-outline-color'),
								Number(value('paint', 'fill-opacity'))
							)
						: null;
				elements.push(
					`<path d="${d}" fill="${fill.colour}" fill-opacity="${fill.opacity}" fill-rule="evenodd"${
						outlined
							? ` stroke="${outlined.colour}" stroke-opacity="${outlined.opacity}" stroke-width="1"`
							: ''
					}/>`
				);
			} else if (layer.type === 'line' && lineTypes.has(feature.geometry.type)) {
				const d = path(feature.geometry);
				const width = Number(value('paint', 'line-width'));
				const stroke = svgColour(
					value('paint', 'line-color'),
					Number(value('paint', 'line-opacity'))
				);
				if (!d || !stroke || width <= 0) continue;
				// Dashes are in line widths, as MapLibre measures them; [1, 0] is a solid line.
				const dashes = (value('paint', 'line-dasharray') as number[] | undefined) ?? [];
				const dashed = dashes.length > 1 && dashes.some((dash, i) => i % 2 === 1 && dash > 0);
				elements.push(
					`<path d="${d}" fill="none" stroke="${stroke.colour}" stroke-opacity="${stroke.opacity}" stroke-width="${width}" stroke-linecap="${value('layout', 'line-cap')}" stroke-linejoin="${value('layout', 'line-join')}"${
						dashed
							? ` stroke-dasharray="${dashes.map((dash) => Number((dash * width).toFixed(2))).join(' ')}"`
							: ''
					}/>`
				);
			} else if (drawsIcons && pointTypes.has(feature.geometry.type)) {
				const image = value('layout', 'icon-image') as { name?: string } | string | undefined;
				const name = typeof image === 'string' ? image : image?.name;
				const scale = Number(value('layout', 'icon-size'));
				if (!name || Number(value('paint', 'icon-opacity')) <= 0) continue;
				for (const position of pointsOf(feature.geometry)) {
					const projected = options.projection(position as [number, number]);
					if (!projected) continue;
					const [x, y] = projected.map((n) => Number(n.toFixed(1)));
					const icon = options.icons!(name, x, y, scale);
					if (icon) elements.push(icon);
				}
			} else if (layer.type === 'symbol' && pointTypes.has(feature.geometry.type)) {
				const text = String(value('layout', 'text-field') ?? '');
				const size = Number(value('layout', 'text-size'));
				const opacity = Number(value('paint', 'text-opacity'));
				const fill = svgColour(value('paint', 'text-color'), opacity);
				const halo = svgColour(value('paint', 'text-halo-color'), opacity);
				const haloWidth = Number(value('paint', 'text-halo-width'));
				if (!text || !fill) continue;
				const font = `font-family="${escape(options.fontFamily ?? 'sans-serif')}" font-size="${size}" text-anchor="middle" dominant-baseline="central"`;
				for (const position of pointsOf(feature.geometry)) {
					const projected = options.projection(position as [number, number]);
					if (!projected) continue;
					const [x, y] = projected.map((n) => Number(n.toFixed(1)));
					// The halo as a stroke drawn first, so the letters stay whole over it.
					if (halo && haloWidth > 0)
						elements.push(
							`<text x="${x}" y="${y}" ${font} fill="none" stroke="${halo.colour}" stroke-opacity="${halo.opacity}" stroke-width="${haloWidth * 2}" stroke-linejoin="round">${escape(text)}</text>`
						);
					elements.push(
						`<text x="${x}" y="${y}" ${font} fill="${fill.colour}" fill-opacity="${fill.opacity}">${escape(text)}</text>`
					);
				}
			} else if (layer.type === 'circle' && pointTypes.has(feature.geometry.type)) {
				const radius = Number(value('paint', 'circle-radius'));
				const strokeWidth = Number(value('paint', 'circle-stroke-width'));
				const fill = svgColour(
					value('paint', 'circle-color'),
					Number(value('paint', 'circle-opacity'))
				);
				const stroke =
					strokeWidth > 0
						? svgColour(
								value('paint', 'circle-stroke-color'),
								Number(value('paint', 'circle-stroke-opacity'))
							)
						: null;
				for (const position of pointsOf(feature.geometry)) {
					const projected = options.projection(position as [number, number]);
					if (!projected) continue;
					const [x, y] = projected.map((n) => Number(n.toFixed(1)));
					// MapLibre's stroke lies outside the radius; SVG centres it on the edge.
					if (fill)
						elements.push(
							`<circle cx="${x}" cy="${y}" r="${radius}" fill="${fill.colour}" fill-opacity="${fill.opacity}"/>`
						);
					if (stroke)
						elements.push(
							`<circle cx="${x}" cy="${y}" r="${radius + strokeWidth / 2}" fill="none" stroke="${stroke.colour}" stroke-opacity="${stroke.opacity}" stroke-width="${strokeWidth}"/>`
						);
				}
			}
		}
		if (elements.length) out.push(`<g data-layer="${escape(layer.id)}">${elements.join('')}</g>`);
	}
	if (patternsUsed.size)
		out.unshift(
			`<defs>${[...patternsUsed].map((name) => options.patterns![name](patternId(name))).join('')}</defs>`
		);
	return out.join('\n');
}
