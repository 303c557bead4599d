import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Position } from 'geojson';
import { z } from 'zod';
import { GeodataError, parseJsonFile } from './errors.ts';

interface ProvinceMunicipality {
	istat: string;
	geometry: MultiPolygon;
}

function municipalityAt(
	position: Position,
	municipalities: ProvinceMunicipality[]
): string | undefined {
	return municipalities.find((m) => booleanPointInPolygon(position, m.geometry))?.istat;
}

export interface RailFeature {
	id: string;
	kind: 'rail-line' | 'station';
	name: string;
	municipalities: string[];
	properties: Record<string, string | number | null>;
	geometry: Geometry;
}

const rfiFeature = z.object({
	properties: z
		.object({
			CODTRATTA_BDL: z.union([z.string(), z.number()]).transform(String),
			TRATTA_BDL: z.string().min(1),
			CODLINEA_BDL: z.string().nullable().optional(),
			LINEA_COMM: z.string().nullable().optional(),
			LENGTH_PIR: z.number().nullable().optional(),
			PESO_ASSIALE: z.string().nullable().optional(),
			TIPO_RETE_TEN_T: z.string().nullable().optional()
		})
		.passthrough(),
	geometry: z.discriminatedUnion('type', [
		z.object({
			type: z.literal('LineString'),
			coordinates: z.array(z.array(z.number()).min(2)).min(2)
		}),
		z.object({
			type: z.literal('MultiLineString'),
			coordinates: z.array(z.array(z.array(z.number()).min(2)).min(2))
		})
	])
});

/**
 * RFI's network sections ("tratte", Piano Commerciale layer) that run through the province:
 * any vertex inside one of its municipalities. Accepts the national file or an extract.
 */
export function parseRfiNetwork(
	text: string,
	options: { file: string; municipalities: ProvinceMunicipality[] }
): RailFeature[] {
	const json = parseJsonFile(text, options.file);
	const collection = z.object({ features: z.array(z.unknown()) }).safeParse(json);
	if (!collection.success) throw new GeodataError(options.file, 'not a GeoJSON FeatureCollection');
	const features: RailFeature[] = [];
	collection.data.features.forEach((raw, index) => {
		const parsed = rfiFeature.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new GeodataError(options.file, issue.message, {
				record: `#${index}`,
				field: issue.path.join('.')
			});
		}
		const { properties, geometry } = parsed.data;
		const vertices =
			geometry.type === 'LineString' ? geometry.coordinates : geometry.coordinates.flat();
		const touched = new Set(
			vertices.map((v) => municipalityAt(v, options.municipalities)).filter((m): m is string => !!m)
		);
		if (touched.size === 0) return;
		features.push({
			id: `rfi-${properties.CODTRATTA_BDL}`.toLowerCase(),
			kind: 'rail-line',
			name: properties.TRATTA_BDL,
			municipalities: [...touched].sort(),
			properties: {
				line: properties.LINEA_COMM ?? null,
				line_code: properties.CODLINEA_BDL ?? null,
				length_km: properties.LENGTH_PIR ?? null,
				axle_load: properties.PESO_ASSIALE ?? null,
				ten_t: properties.TIPO_RETE_TEN_T ?? null
			},
			geometry: geometry as LineString | MultiLineString
		});
	});
	return features;
}

/** Trenitalia's stations (ViaggiaTreno: name, id, region, lat, lon) that lie in the province. */
export function parseTrenitaliaStations(
	text: string,
	options: { file: string; municipalities: ProvinceMunicipality[] }
): RailFeature[] {
	const [header, ...lines] = text
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.filter((l) => l.trim() !== '');
	const columns = (header ?? '').split('\t');
	const at = (name: string) => {
		const index = columns.indexOf(name);
		if (index < 0)
			throw new GeodataError(options.file, `no "${name}" column`, {
				record: 'header',
				field: name
			});
		return index;
	};
	const [nameAt, idAt, latAt, lonAt] = [at('name'), at('id_staz'), at('lat'), at('lon')];
	const stations: RailFeature[] = [];
	lines.forEach((line, index) => {
		const cells = line.split('\t');
		const lat = Number(cells[latAt]);
		const lon = Number(cells[lonAt]);
		if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
			throw new GeodataError(options.file, `"${cells[latAt]}, ${cells[lonAt]}" is not a position`, {
				record: `line ${index + 2} (${cells[nameAt]})`,
				field: 'lat/lon'
			});
		}
		const municipality = municipalityAt([lon, lat], options.municipalities);
		if (!municipality) return;
		const point: Point = { type: 'Point', coordinates: [lon, lat] };
		stations.push({
			id: `station-${cells[idAt]}`.toLowerCase(),
			kind: 'station',
			name: cells[nameAt],
			municipalities: [municipality],
			properties: { station_id: cells[idAt] },
			geometry: point
		});
	});
	return stations;
}
