// @terraformer/wkt ships no types: the two functions the downloads and their tests use.
declare module '@terraformer/wkt' {
	import type { Geometry } from 'geojson';
	export function geojsonToWKT(geometry: Geometry): string;
	export function wktToGeoJSON(wkt: string): Geometry;
}
