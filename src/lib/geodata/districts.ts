import turfUnion from '@turf/union';
import { featureCollection, multiPolygon } from '@turf/helpers';
import type { MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { curatedPropertiesSchema } from './curated.ts';
import { GeodataError, parseJsonFile } from './errors.ts';

const keyFigure = z.object({
	it: z.string().min(1),
	en: z.string().min(1),
	source: z.url(),
	year: z.number().int().min(1900).max(2100).nullable()
});

const districtSchema = curatedPropertiesSchema.omit({ kind: true, municipalities: true }).extend({
	sector: z.enum(['paper', 'stone', 'nautical', 'footwear', 'mechanics']),
	members: z
		.array(z.string().regex(/^\d{6}$/, 'must be 6-digit ISTAT codes'))
		.min(1, 'lists no municipality'),
	members_outside_province: z.array(
		z.object({ istat: z.string().regex(/^\d{6}$/), name: z.string().min(1) })
	),
	key_figures: z.array(keyFigure)
});

export type District = z.infer<typeof districtSchema>;

/** The union of member municipalities' boundaries: one district polygon, dissolved with turf. */
export function dissolve(geometries: MultiPolygon[]): MultiPolygon {
	if (geometries.length === 1) return geometries[0];
	const union = turfUnion(featureCollection(geometries.map((g) => multiPolygon(g.coordinates))));
	if (!union) throw new Error('empty union');
	const geometry = union.geometry as Polygon | MultiPolygon;
	return geometry.type === 'Polygon'
		? { type: 'MultiPolygon', coordinates: [geometry.coordinates] }
		: geometry;
}

/** Parses geodata/curated/<province>/districts.json and draws each district from its members. */
export function parseDistricts(
	text: string,
	options: {
		file: string;
		province: string;
		municipalities: { istat: string; geometry: MultiPolygon }[];
	}
): { district: District; geometry: MultiPolygon }[] {
	const { file } = options;
	const json = parseJsonFile(text, file);
	const list = z.object({ districts: z.array(z.unknown()) }).safeParse(json);
	if (!list.success) throw new GeodataError(file, 'no "districts" list', { field: 'districts' });
	const byCode = new Map(options.municipalities.map((m) => [m.istat, m.geometry]));
	return list.data.districts.map((raw, index) => {
		const props = raw as { id?: unknown };
		const record = `#${index}${typeof props?.id === 'string' ? ` (${props.id})` : ''}`;
		const parsed = districtSchema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new GeodataError(file, issue.message, { record, field: issue.path.join('.') });
		}
		const geometries = parsed.data.members.map((code) => {
			const geometry = byCode.get(code);
			if (!geometry) {
				throw new GeodataError(
					file,
					`${code} is not a municipality of province ${options.province}`,
					{
						record,
						field: 'members'
					}
				);
			}
			return geometry;
		});
		return { district: parsed.data, geometry: dissolve(geometries) };
	});
}
