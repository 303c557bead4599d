import rewind from '@turf/rewind';
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';

export interface SvgShape<P> {
	properties: P;
	/** SVG path data, one subpath per ring. */
	d: string;
}

/** A geometry drawn over the shapes: points as circles, lines and areas as paths. */
export type SvgMark =
	{ kind: 'point'; x: number; y: number } | { kind: 'line' | 'area'; d: string };

export interface SvgMap<P> {
	width: number;
	height: number;
	shapes: SvgShape<P>[];
	/** The `overlay` geometries, projected like the shapes. */
	marks: SvgMark[];
}

/** SVG coordinates to a tenth of a unit: enough for a map a few hundred units wide. */
const DIGITS = 1;
const round = (value: number) => Number(value.toFixed(DIGITS));

/**
 * d3-geo reads rings the spherical way (exterior clockwise), GeoJSON (RFC 7946) and PostGIS write
 * them anticlockwise: rewound, a small polygon stays small instead of becoming the rest of the globe.
 */
export const forD3 = <G extends Geometry>(geometry: G): G =>
	geometry.type === 'Polygon' || geometry.type === 'MultiPolygon'
		? (rewind(geometry, { reverse: true }) as G)
		: geometry;

/**
 * Projects polygons to SVG path data that fits `width` × `height` (minus `padding`), for a map
 * drawn on the server and readable without JavaScript. Mercator (conformal, so shapes are true)
 * fitted to the collection by d3-geo, north up.
 */
export function projectToSvg<P>(
	collection: FeatureCollection<Polygon | MultiPolygon, P>,
	options: { width: number; height: number; padding?: number; overlay?: Geometry[] }
): SvgMap<P> {
	const { width, height } = options;
	const padding = options.padding ?? 8;
	if (collection.features.length === 0) return { width, height, shapes: [], marks: [] };
	const shapes = collection.features.map((f) => ({ ...f, geometry: forD3(f.geometry) }));
	const projection: GeoProjection = geoMercator()
		// One projected point per vertex: no adaptive resampling, the data is already dense.
		.precision(0)
		.fitExtent(
			[
				[padding, padding],
				[width - padding, height - padding]
			],
			{ type: 'GeometryCollection', geometries: shapes.map((f) => f.geometry) }
		);
	const path = geoPath(projection).digits(DIGITS);
	const pathOf = (geometry: Geometry) => path(forD3(geometry)) ?? '';
	const pointOf = (coordinates: number[]): SvgMark => {
		const [x, y] = projection(coordinates as [number, number])!;
		return { kind: 'point', x: round(x), y: round(y) };
	};
	const marksOf = (geometry: Geometry): SvgMark[] => {
		switch (geometry.type) {
			case 'Point':
				return [pointOf(geometry.coordinates)];
			case 'MultiPoint':
				return geometry.coordinates.map(pointOf);
			case 'LineString':
			case 'MultiLineString':
				return [{ kind: 'line', d: pathOf(geometry) }];
			case 'Polygon':
			case 'MultiPolygon':
				return [{ kind: 'area', d: pathOf(geometry) }];
			case 'GeometryCollection':
				return geometry.geometries.flatMap(marksOf);
		}
	};

	return {
		width,
		height,
		shapes: shapes.map((feature) => ({
			properties: feature.properties,
			d: path(feature.geometry) ?? ''
		})),
		marks: (options.overlay ?? []).flatMap(marksOf)
	};
}
