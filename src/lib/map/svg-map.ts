import type { FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

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

/**
 * Projects polygons to SVG path data that fits `width` × `height` (minus `padding`), for a map
 * drawn on the server and readable without JavaScript. Equirectangular, with longitudes scaled by
 * the cosine of the mid latitude: true enough in shape for an area the size of a province.
 */
export function projectToSvg<P>(
	collection: FeatureCollection<Polygon | MultiPolygon, P>,
	options: { width: number; height: number; padding?: number; overlay?: Geometry[] }
): SvgMap<P> {
	const { width, height } = options;
	const padding = options.padding ?? 8;
	const ringsOf = (geometry: Polygon | MultiPolygon): Position[][] =>
		geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
	const positions = collection.features.flatMap((f) => ringsOf(f.geometry).flat());
	if (positions.length === 0) return { width, height, shapes: [], marks: [] };
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
	const x = (lon: number) => Number((offsetX + (lon - west) * kx * scale).toFixed(1));
	const y = (lat: number) => Number((offsetY + (north - lat) * scale).toFixed(1));
	const point = ([lon, lat]: Position) => `${x(lon)} ${y(lat)}`;
	const path = (line: Position[], close: boolean) =>
		`M${line.map(point).join('L')}${close ? 'Z' : ''}`;
	const marksOf = (geometry: Geometry): SvgMark[] => {
		switch (geometry.type) {
			case 'Point':
				return [{ kind: 'point', x: x(geometry.coordinates[0]), y: y(geometry.coordinates[1]) }];
			case 'MultiPoint':
				return geometry.coordinates.map(([lon, lat]) => ({ kind: 'point', x: x(lon), y: y(lat) }));
			case 'LineString':
				return [{ kind: 'line', d: path(geometry.coordinates, false) }];
			case 'MultiLineString':
				return [{ kind: 'line', d: geometry.coordinates.map((l) => path(l, false)).join('') }];
			case 'Polygon':
			case 'MultiPolygon':
				return [
					{
						kind: 'area',
						d: ringsOf(geometry)
							.map((r) => path(r, true))
							.join('')
					}
				];
			case 'GeometryCollection':
				return geometry.geometries.flatMap(marksOf);
		}
	};

	return {
		width,
		height,
		shapes: collection.features.map((feature) => ({
			properties: feature.properties,
			d: ringsOf(feature.geometry)
				.map((ring) => path(ring, true))
				.join('')
		})),
		marks: (options.overlay ?? []).flatMap(marksOf)
	};
}
