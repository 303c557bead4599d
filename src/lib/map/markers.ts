/**
 * Point markers that differ by shape, not only by colour: each point layer has its own shape
 * (technology poles squares, Puccini places stars, bottlenecks triangles, observations diamonds;
 * interventions and stations stay circles). A marker is named by an id that says everything it
 * is drawn with, so the map can make the image the first time a layer asks for it, and the server
 * can draw the same shape in SVG.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';

export type MarkerShape = 'square' | 'triangle' | 'star' | 'diamond';

export interface MarkerSpec {
	shape: MarkerShape;
	/** Fill and outline colours, as #rrggbb. */
	fill: string;
	stroke: string;
	/** The outline's width in CSS pixels, inside the shape. */
	strokeWidth: number;
	/** The marker's width and height in CSS pixels. */
	size: number;
}

/** Each point layer's shape. */
export const LAYER_MARKERS = {
	'technology-poles': 'square',
	puccini: 'star',
	bottlenecks: 'triangle',
	observations: 'diamond'
} as const satisfies Record<string, MarkerShape>;

const PREFIX = 'marker';
const SHAPES: readonly MarkerShape[] = ['square', 'triangle', 'star', 'diamond'];

export const markerId = (spec: MarkerSpec) =>
	[PREFIX, spec.shape, spec.fill, spec.stroke, spec.strokeWidth, spec.size].join(':');

/** The spec a marker id names; undefined for an id that is not a marker's. */
export function parseMarkerId(id: string): MarkerSpec | undefined {
	const [prefix, shape, fill, stroke, strokeWidth, size] = id.split(':');
	const colour = /^#[0-9a-f]{6}$/i;
	if (prefix !== PREFIX || !SHAPES.includes(shape as MarkerShape)) return undefined;
	if (!colour.test(fill ?? '') || !colour.test(stroke ?? '')) return undefined;
	const width = Number(strokeWidth);
	const side = Number(size);
	if (!(width >= 0 && side > 0 && side <= 64)) return undefined;
	return { shape: shape as MarkerShape, fill, stroke, strokeWidth: width, size: side };
}

/** The shape's outline in a unit box centred on 0 (x right, y down), radius 1. */
export function markerOutline(shape: MarkerShape): [number, number][] {
	switch (shape) {
		case 'square':
			return [
				[-0.8, -0.8],
				[0.8, -0.8],
				[0.8, 0.8],
				[-0.8, 0.8]
			];
		case 'diamond':
			return [
				[0, -1],
				[1, 0],
				[0, 1],
				[-1, 0]
			];
		case 'triangle':
			// Pointing up, its centroid a little below the box's centre so it sits on the point.
			return [
				[0, -1],
				[1, 0.8],
				[-1, 0.8]
			];
		case 'star':
			return Array.from({ length: 10 }, (_, i) => {
				const radius = i % 2 === 0 ? 1 : 0.45;
				const angle = -Math.PI / 2 + (i * Math.PI) / 5;
				return [radius * Math.cos(angle), radius * Math.sin(angle) + 0.06] as [number, number];
			});
	}
}

/** An SVG path of the shape centred at (x, y) with radius r. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
	const round = (n: number) => Number(n.toFixed(2));
	return `${markerOutline(shape)
		.map(([px, py], i) => `${i ? 'L' : 'M'}${round(x + px * r)},${round(y + py * r)}`)
		.join('')}Z`;
}

/** The same marker in SVG, centred at (x, y), scaled by `scale` (the layer's icon-size). */
export function markerSvg(spec: MarkerSpec, x: number, y: number, scale = 1): string {
	const r = (spec.size / 2) * scale;
	const stroke = spec.strokeWidth * scale;
	// SVG centres a stroke on the edge: a smaller shape with the stroke drawn over its edge.
	return `<path d="${markerPath(spec.shape, x, y, r - stroke / 2)}" fill="${spec.fill}" stroke="${spec.stroke}" stroke-width="${Number(stroke.toFixed(2))}" stroke-linejoin="round"/>`;
}

function inside(polygon: [number, number][], x: number, y: number): boolean {
	let result = false;
	for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
		const [xi, yi] = polygon[i];
		const [xj, yj] = polygon[j];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
	}
	return result;
}

function distanceToEdges(polygon: [number, number][], x: number, y: number): number {
	let best = Infinity;
	for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
		const [ax, ay] = polygon[j];
		const [bx, by] = polygon[i];
		const dx = bx - ax;
		const dy = by - ay;
		const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
		best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
	}
	return best;
}

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/**
 * The marker as RGBA pixels at `pixelRatio` (what `map.addImage` takes with that pixel ratio):
 * each pixel sampled 4 × 4 times, fill inside the outline's inner band, outline colour in it.
 */
export function markerImage(
	spec: MarkerSpec,
	pixelRatio = 2
): { width: number; height: number; data: Uint8Array } {
	const side = Math.round(spec.size * pixelRatio);
	const r = side / 2;
	const polygon = markerOutline(spec.shape).map(([x, y]) => [r + x * r, r + y * r]) as [
		number,
		number
	][];
	const band = spec.strokeWidth * pixelRatio;
	const fill = rgbOf(spec.fill);
	const stroke = rgbOf(spec.stroke);
	const data = new Uint8Array(side * side * 4);
	const samples = 4;
	for (let py = 0; py < side; py++)
		for (let px = 0; px < side; px++) {
			const sum = [0, 0, 0];
			let covered = 0;
			for (let sy = 0; sy < samples; sy++)
				for (let sx = 0; sx < samples; sx++) {
					const x = px + (sx + 0.5) / samples;
					const y = py + (sy + 0.5) / samples;
					if (!inside(polygon, x, y)) continue;
					const colour = distanceToEdges(polygon, x, y) < band ? stroke : fill;
					covered++;
					for (let c = 0; c < 3; c++) sum[c] += colour[c];
				}
			const i = (py * side + px) * 4;
			if (!covered) continue;
			for (let c = 0; c < 3; c++) data[i + c] = Math.round(sum[c] / covered);
			data[i + 3] = Math.round((covered / (samples * samples)) * 255);
		}
	return { width: side, height: side, data };
}

/**
 * A symbol layer drawing each point as a marker: `solid` unless `hollow.when` holds (an estimated
 * position, drawn as an outline). Markers never hide one another, as circles would not.
 */
export function markerLayer(options: {
	id: string;
	source: string;
	filter: FilterSpecification;
	shape: MarkerShape;
	size: number;
	solid: Pick<MarkerSpec, 'fill' | 'stroke' | 'strokeWidth'>;
	hollow?: Pick<MarkerSpec, 'fill' | 'stroke' | 'strokeWidth'> & { when: ExpressionSpecification };
	opacity?: number;
}): LayerSpecification {
	const id = (look: Pick<MarkerSpec, 'fill' | 'stroke' | 'strokeWidth'>) =>
		markerId({ shape: options.shape, size: options.size, ...look });
	const { when, ...hollow } = options.hollow ?? { when: undefined };
	return {
		id: options.id,
		type: 'symbol',
		source: options.source,
		filter: options.filter,
		layout: {
			'icon-image': when
				? (['case', when, id(hollow as MarkerSpec), id(options.solid)] as ExpressionSpecification)
				: id(options.solid),
			'icon-size': ['interpolate', ['linear'], ['zoom'], 8, 0.7, 13, 1],
			'icon-allow-overlap': true,
			'icon-ignore-placement': true
		},
		paint: { 'icon-opacity': options.opacity ?? 1 }
	};
}
