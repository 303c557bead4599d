import turfRewind from '@turf/rewind';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { z } from 'zod';
import { GeodataError, parseJsonFile, missingOr } from './errors.ts';
import { geodesicAreaKm2 } from '../geodesy.ts';

export { geodesicAreaKm2 };

/** Italy's extent with a margin: a vertex outside it means swapped or projected coordinates. */
const ITALY_BOUNDS = { west: 6, south: 35, east: 19, north: 48 };

const position = z.tuple([z.number(), z.number()]).rest(z.number());
const ring = z.array(position).min(4);
const geometrySchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })
]);
const propertiesSchema = z.object({
	com_istat_code: z
		.string({ error: missingOr('text') })
		.regex(/^\d{6}$/, 'must be a 6-digit ISTAT code such as "046007"'),
	name: z
		.string({ error: missingOr('text') })
		.trim()
		.min(1, 'is empty'),
	prov_istat_code: z
		.string({ error: missingOr('text') })
		.regex(/^\d{3}$/, 'must be a 3-digit ISTAT province code'),
	prov_name: z.string().optional(),
	reg_istat_code: z
		.string()
		.regex(/^\d{2}$/)
		.optional(),
	reg_name: z.string().optional()
});

export interface MunicipalityBoundary {
	istat: string;
	name: string;
	province: string;
	provinceName: string | undefined;
	/** ISTAT region code (2 digits, "09" = Toscana) and name, where the file gives them. */
	region: string | undefined;
	regionName: string | undefined;
	geometry: MultiPolygon;
	/** Geodesic area of the boundary in km². */
	areaKm2: number;
}

function checkPositions(rings: Position[][], file: string, record: string) {
	for (const r of rings) {
		for (const [lon, lat] of r) {
			if (
				lon < ITALY_BOUNDS.west ||
				lon > ITALY_BOUNDS.east ||
				lat < ITALY_BOUNDS.south ||
				lat > ITALY_BOUNDS.north
			) {
				throw new GeodataError(
					file,
					`coordinate [${lon}, ${lat}] lies outside Italy: expected WGS84 longitude/latitude`,
					{ record, field: 'geometry.coordinates' }
				);
			}
		}
	}
}

/**
 * Parses an Openpolis/ISTAT municipalities GeoJSON for one province: validates every record,
 * rewinds to RFC 7946 and computes the geodesic area.
 */
export function parseMunicipalBoundaries(
	text: string,
	options: { file: string; province: string }
): MunicipalityBoundary[] {
	const { file, province } = options;
	const json = parseJsonFile(text, file);
	const collection = z
		.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
		.safeParse(json);
	if (!collection.success) {
		throw new GeodataError(file, 'not a GeoJSON FeatureCollection', { field: 'type' });
	}
	if (collection.data.features.length === 0) {
		throw new GeodataError(file, `no municipalities for province ${province}`, {
			field: 'features'
		});
	}

	const seen = new Map<string, number>();
	return collection.data.features.map((raw, index) => {
		const feature = z.object({ properties: z.record(z.string(), z.unknown()) }).passthrough();
		const base = feature.safeParse(raw);
		if (!base.success) {
			throw new GeodataError(file, 'feature has no properties', {
				record: `#${index}`,
				field: 'properties'
			});
		}
		const props = propertiesSchema.safeParse(base.data.properties);
		const label = `#${index}${typeof base.data.properties.name === 'string' ? ` (${base.data.properties.name})` : ''}`;
		if (!props.success) {
			const issue = props.error.issues[0];
			throw new GeodataError(file, issue.message, {
				record: label,
				field: `properties.${issue.path.join('.')}`
			});
		}
		const { com_istat_code: istat, name, prov_istat_code } = props.data;
		const record = `#${index} (${istat} ${name})`;
		if (prov_istat_code !== province) {
			throw new GeodataError(file, `belongs to province ${prov_istat_code}, not ${province}`, {
				record,
				field: 'properties.prov_istat_code'
			});
		}
		const previous = seen.get(istat);
		if (previous !== undefined) {
			throw new GeodataError(file, `duplicate ISTAT code ${istat} (also record #${previous})`, {
				record,
				field: 'properties.com_istat_code'
			});
		}
		seen.set(istat, index);

		const geometry = geometrySchema.safeParse((raw as { geometry?: unknown }).geometry);
		if (!geometry.success) {
			const type = (raw as { geometry?: { type?: unknown } }).geometry?.type;
			throw new GeodataError(
				file,
				`geometry must be a Polygon or MultiPolygon, found ${type === undefined ? 'none' : JSON.stringify(type)}`,
				{ record, field: 'geometry' }
			);
		}
		const polygons =
			geometry.data.type === 'Polygon' ? [geometry.data.coordinates] : geometry.data.coordinates;
		for (const polygon of polygons) checkPositions(polygon, file, record);
		// Openpolis files use the pre-RFC 7946 winding: rewind so outer rings run counter-clockwise.
		const multi = turfRewind({ type: 'MultiPolygon', coordinates: polygons } as MultiPolygon, {
			mutate: false
		}) as MultiPolygon;
		return {
			istat,
			name,
			province,
			provinceName: props.data.prov_name,
			region: props.data.reg_istat_code,
			regionName: props.data.reg_name,
			geometry: multi,
			areaKm2: geodesicAreaKm2(multi)
		};
	});
}
