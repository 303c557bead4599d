import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { drawnGeometrySchema, positionsOf } from '../proposals.ts';
import type { MessageKey } from '../i18n/index.ts';

export type DrawnGeometry =
	| { type: 'Point'; coordinates: Position }
	| { type: 'LineString'; coordinates: Position[] }
	| { type: 'Polygon'; coordinates: Position[][] };

export type GeometryFileResult =
	| { ok: true; geometry: DrawnGeometry }
	| { ok: false; key: MessageKey; params?: Record<string, string> };

/** The largest file a planner may import (a proposal's body is limited to 5 MB too). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Longitude/latitude only: QGIS often writes a Z (or M) value the atlas does not use. */
const flat = (p: Position): Position => [p[0], p[1]];

/** One part of a multi-geometry is that geometry; several parts are not one proposal. */
function single(geometry: Geometry): Geometry | null {
	switch (geometry.type) {
		case 'MultiPoint':
			return geometry.coordinates.length === 1
				? { type: 'Point', coordinates: geometry.coordinates[0] }
				: null;
		case 'MultiLineString':
			return geometry.coordinates.length === 1
				? { type: 'LineString', coordinates: geometry.coordinates[0] }
				: null;
		case 'MultiPolygon':
			return geometry.coordinates.length === 1
				? { type: 'Polygon', coordinates: geometry.coordinates[0] }
				: null;
		case 'GeometryCollection':
			return geometry.geometries.length === 1 ? single(geometry.geometries[0]) : null;
		default:
			return geometry;
	}
}

function flatten(geometry: Geometry): Geometry {
	switch (geometry.type) {
		case 'Point':
			return { type: 'Point', coordinates: flat(geometry.coordinates) };
		case 'LineString':
			return { type: 'LineString', coordinates: geometry.coordinates.map(flat) };
		case 'Polygon':
			return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => r.map(flat)) };
		default:
			return geometry;
	}
}

/**
 * The one geometry of a GeoJSON object (a geometry, a feature, or a collection of one feature),
 * in longitude/latitude, checked as a drawing is. Projected coordinates (metres) are named as such.
 */
export function geometryOfGeoJson(value: unknown): GeometryFileResult {
	const object = value as { type?: string } | null;
	let geometry: Geometry | null | undefined;
	if (object?.type === 'FeatureCollection') {
		const features = ((object as FeatureCollection).features ?? []).filter((f) => f?.geometry);
		if (features.length !== 1)
			return { ok: false, key: 'drawing.file.notOne', params: { count: String(features.length) } };
		geometry = features[0].geometry;
	} else if (object?.type === 'Feature') {
		geometry = (object as Feature).geometry;
	} else {
		geometry = object as Geometry | null;
	}
	if (!geometry || typeof geometry !== 'object' || !('type' in geometry))
		return { ok: false, key: 'drawing.file.noGeometry' };
	const one = single(geometry);
	if (!one) return { ok: false, key: 'drawing.file.multipart' };
	const candidate = flatten(one);
	if (positionsOf(candidate).some(([lon, lat]) => Math.abs(lon) > 180 || Math.abs(lat) > 90))
		return { ok: false, key: 'drawing.file.projected' };
	const parsed = drawnGeometrySchema.safeParse(candidate);
	if (!parsed.success) {
		const message = parsed.error.issues[0].message;
		return {
			ok: false,
			key: (message.startsWith('problem.') ? message : 'problem.geometry') as MessageKey
		};
	}
	return { ok: true, geometry: parsed.data as DrawnGeometry };
}

/**
 * Reads a planner's file: GeoJSON (.geojson, .json) or KML (.kml, converted with togeojson).
 * `parseXml` is the platform's XML parser (the browser's DOMParser, xmldom in tests).
 */
export async function readGeometryFile(
	file: { name: string; text: string },
	parseXml: (text: string) => Document
): Promise<GeometryFileResult> {
	if (new TextEncoder().encode(file.text).length > MAX_IMPORT_BYTES)
		return { ok: false, key: 'problem.bodyTooLarge' };
	const extension = file.name.toLowerCase().split('.').pop();
	if (extension === 'geojson' || extension === 'json') {
		try {
			return geometryOfGeoJson(JSON.parse(file.text));
		} catch {
			return { ok: false, key: 'problem.badJson' };
		}
	}
	if (extension === 'kml') {
		const { kml } = await import('@tmcw/togeojson');
		let document: Document;
		try {
			document = parseXml(file.text);
		} catch {
			return { ok: false, key: 'drawing.file.badKml' };
		}
		if (document.getElementsByTagName('parsererror').length || !document.documentElement)
			return { ok: false, key: 'drawing.file.badKml' };
		return geometryOfGeoJson(kml(document));
	}
	return { ok: false, key: 'drawing.file.unknownType' };
}
