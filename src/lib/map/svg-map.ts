import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export interface SvgShape<P> {
	properties: P;
	/** SVG path data, one subpath per ring. */
	d: string;
}

export interface SvgMap<P> {
	width: number;
	height: number;
	shapes: SvgShape<P>[];
}

/**
 * Projects polygons to SVG path data that fits `width` × `height` (minus `padding`), for a map
 * drawn on the server and readable without JavaScript. Equirectangular, with longitudes scaled by
 * the cosine of the mid latitude: true enough in shape for an area the size of a province.
 */
export function projectToSvg<P>(
	collection: FeatureCollection<Polygon | MultiPolygon, P>,
	options: { width: number; height: number; padding?: number }
): SvgMap<P> {
	const { width, height } = options;
	const padding = options.padding ?? 8;
	const ringsOf = (geometry: Polygon | MultiPolygon): Position[][] =>
		geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
	const positions = collection.features.flatMap((f) => ringsOf(f.geometry).flat());
	if (positions.length === 0) return { width, height, shapes: [] };
	const lons = positions.map((p) => p[0]);
	const lats = positions.map((p) => p[1]);
	const [west, east] = [Math.min(...lons), Math.max(...lons)];
	const [south, north] = [Math.min(...lats), Math.max(...lats)];
	const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
	const spanX = Math.max((east - west) * kx, 1e-9);
	const spanY = Math.max(north - south, 1e-9);
	const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
	const offsetX = (width - spanX * scale) / 2;
	const offsetY = (height - spanY * scale) / 2;
	const point = ([lon, lat]: Position) =>
		`${(offsetX + (lon - west) * kx * scale).toFixed(1)} ${(offsetY + (north - lat) * scale).toFixed(1)}`;

	return {
		width,
		height,
		shapes: collection.features.map((feature) => ({
			properties: feature.properties,
			d: ringsOf(feature.geometry)
				.map((ring) => `M${ring.map(point).join('L')}Z`)
				.join('')
		}))
	};
}
