import { geoMercator, type GeoProjection } from 'd3-geo';

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

/** Where each part of the image goes: title band, map, legend column, attribution line. */
export function staticMapLayout(width: number, height: number, legend: boolean) {
	const title = Math.round(Math.min(52, Math.max(26, height * 0.085)));
	const attribution = Math.round(Math.min(18, Math.max(13, height * 0.025)));
	const pad = Math.round(Math.min(24, Math.max(6, Math.min(width, height) * 0.03)));
	const legendWidth = legend ? Math.round(Math.min(280, Math.max(130, width * 0.3))) : 0;
	return {
		title,
		attribution,
		pad,
		legend: {
			x: width - legendWidth,
			y: title,
			width: legendWidth,
			height: height - title - attribution
		},
		map: [
			[pad, title + pad],
			[width - legendWidth - pad, height - attribution - pad]
		] as [[number, number], [number, number]]
	};
}

/** A municipality's bounds with room around it, so its neighbours show. */
export function framedBbox(bbox: BBox, margin = 0.2): BBox {
	const dx = (bbox[2] - bbox[0]) * margin;
	const dy = (bbox[3] - bbox[1]) * margin;
	return [bbox[0] - dx, bbox[1] - dy, bbox[2] + dx, bbox[3] + dy];
}

/**
 * The image's projection: Web Mercator (as the interactive map) fitted to the framed bounds
 * inside the map area. Tests project a place with it to find its pixel.
 */
export function staticMapProjection(
	bbox: BBox,
	width: number,
	height: number,
	legend: boolean
): GeoProjection {
	const layout = staticMapLayout(width, height, legend);
	return geoMercator()
		.fitExtent(layout.map, {
			type: 'MultiPoint',
			coordinates: [
				[bbox[0], bbox[1]],
				[bbox[2], bbox[3]]
			]
		})
		.clipExtent([
			[0, 0],
			[width, height]
		]);
}

/** The image's bounds, selection framed or not: what a layer read by bbox must cover. */
export function visibleBbox(
	view: { provinceBbox: BBox; selected?: { bbox: BBox } },
	width: number,
	height: number,
	legend: boolean
): BBox {
	const bbox = view.selected ? framedBbox(view.selected.bbox) : view.provinceBbox;
	const projection = staticMapProjection(bbox, width, height, legend);
	const [west, north] = projection.invert!([0, 0])!;
	const [east, south] = projection.invert!([width, height])!;
	return [west, south, east, north];
}

/**
 * A font size at which `text` fits `room` pixels, at most `size` (Noto Sans averages about 0.55
 * em a character, bold 0.6): long titles and attributions shrink rather than run off the image.
 */
export function fittingFontSize(text: string, room: number, size: number, bold = false): number {
	const perEm = text.length * (bold ? 0.6 : 0.55);
	return Math.max(7, Math.min(size, Math.floor((room / Math.max(perEm, 1)) * 10) / 10));
}

/** The web map zoom at which MapLibre (512 px tiles) draws at the projection's scale. */
export const zoomOfProjection = (projection: GeoProjection) =>
	Math.log2((2 * Math.PI * projection.scale()) / 512);
