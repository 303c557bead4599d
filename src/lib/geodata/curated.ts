import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Geometry, MultiPolygon, Position } from 'geojson';
import { z } from 'zod';
import { GeodataError, parseJsonFile, missingOr } from './errors.ts';

/** How exactly a curated position is known; estimated ones are drawn and labelled differently. */
export const PRECISION = /^(surveyed|address-level|schematic|estimated ±\d+ m)$/;

export const curatedPropertiesSchema = z
	.object({
		id: z
			.string({ error: missingOr('text') })
			.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug'),
		name: z
			.string({ error: missingOr('text') })
			.trim()
			.min(1, 'is empty'),
		/**
		 * The name in English, where the name is the atlas editors' description (a bottleneck, a
		 * district) rather than a proper name, which stays as its owner writes it.
		 */
		name_en: z.string().trim().min(1, 'is empty').optional(),
		kind: z.string({ error: missingOr('text') }).min(1),
		source: z
			.string({ error: missingOr('a URL or a document reference') })
			.trim()
			.min(1, 'is empty'),
		// null: the source gives no date (shown as unknown), never a made-up one.
		source_date: z
			.string({ error: missingOr('a date, or null when the source gives none') })
			.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
			.nullable(),
		licence: z
			.string({ error: missingOr('text') })
			.trim()
			.min(1, 'is empty'),
		/** The licence in English: the card says it in the reader's language. */
		licence_en: z
			.string({ error: missingOr('text') })
			.trim()
			.min(1, 'is empty'),
		precision: z
			.string({ error: missingOr('text') })
			.regex(PRECISION, 'must be surveyed, address-level, schematic or "estimated ±N m"'),
		owner: z
			.string({ error: missingOr('text') })
			.trim()
			.min(1, 'is empty'),
		/** The owner in English: the names as their owners write them, the atlas's words translated. */
		owner_en: z
			.string({ error: missingOr('text') })
			.trim()
			.min(1, 'is empty'),
		municipalities: z.array(z.string().regex(/^\d{6}$/, 'must be 6-digit ISTAT codes')).default([])
	})
	.passthrough();

export type CuratedProperties = z.infer<typeof curatedPropertiesSchema>;

export const BOTTLENECK_TYPES = ['road', 'rail'] as const;
/** The kinds of bottleneck the plan names: sections, crossings, bridges and missing links. */
export const BOTTLENECK_KINDS = [
	'single-track',
	'non-electrified',
	'congested-junction',
	'level-crossing',
	'bridge',
	'narrow-stretch',
	'missing-link'
] as const;
/** A severity only when a source assesses it; null is shown as "not assessed yet". */
export const BOTTLENECK_SEVERITIES = ['low', 'medium', 'high'] as const;

const describedText = z
	.string({ error: missingOr('text') })
	.trim()
	.min(1, 'is empty');

/** What a record of each kind must say on top of the common fields. */
const kindSchemas: Record<string, z.ZodType> = {
	bottleneck: z.object({
		type: z.enum(BOTTLENECK_TYPES, { error: `must be ${BOTTLENECK_TYPES.join(' or ')}` }),
		bottleneck_kind: z.enum(BOTTLENECK_KINDS, {
			error: `must be one of ${BOTTLENECK_KINDS.join(', ')}`
		}),
		severity: z
			.enum(BOTTLENECK_SEVERITIES, {
				error: `must be ${BOTTLENECK_SEVERITIES.join(', ')} or null when no source assesses it`
			})
			.nullable(),
		description_it: describedText,
		description_en: describedText
	})
};

export interface CuratedFeature {
	properties: CuratedProperties;
	geometry: Geometry;
}

export interface CuratedContext {
	province: string;
	/** The province's municipalities, to check codes and that positions lie inside the province. */
	municipalities: { istat: string; geometry: MultiPolygon }[];
}

function positionsOf(geometry: Geometry): Position[] {
	switch (geometry.type) {
		case 'Point':
			return [geometry.coordinates];
		case 'MultiPoint':
		case 'LineString':
			return geometry.coordinates;
		case 'MultiLineString':
		case 'Polygon':
			return geometry.coordinates.flat();
		case 'MultiPolygon':
			return geometry.coordinates.flat(2);
		default:
			return [];
	}
}

/**
 * Parses a hand-curated GeoJSON file: every record must name its public source, the source's date
 * (or null when unknown), licence, precision and owner, use ISTAT codes of the province, have a
 * geometry of an allowed type, and lie inside the province.
 */
export function parseCuratedFile(
	text: string,
	options: {
		file: string;
		kinds: string[];
		geometryTypes: Geometry['type'][];
		context: CuratedContext;
	}
): CuratedFeature[] {
	const { file, context } = options;
	const json = parseJsonFile(text, file);
	const collection = z
		.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
		.safeParse(json);
	if (!collection.success)
		throw new GeodataError(file, 'not a GeoJSON FeatureCollection', { field: 'type' });
	const known = new Set(context.municipalities.map((m) => m.istat));
	const ids = new Set<string>();
	return collection.data.features.map((raw, index) => {
		const props = (raw as { properties?: Record<string, unknown> })?.properties ?? {};
		const record = `#${index}${typeof props.id === 'string' ? ` (${props.id})` : ''}`;
		const parsed = curatedPropertiesSchema.safeParse(props);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new GeodataError(file, issue.message, { record, field: issue.path.join('.') });
		}
		const properties = parsed.data;
		const kindSchema = kindSchemas[properties.kind];
		const kindParsed = kindSchema?.safeParse(props);
		if (kindParsed && !kindParsed.success) {
			const issue = kindParsed.error.issues[0];
			throw new GeodataError(file, issue.message, { record, field: issue.path.join('.') });
		}
		if (ids.has(properties.id))
			throw new GeodataError(file, `duplicate id "${properties.id}"`, { record, field: 'id' });
		ids.add(properties.id);
		if (!options.kinds.includes(properties.kind)) {
			throw new GeodataError(
				file,
				`kind "${properties.kind}" is not one of ${options.kinds.join(', ')}`,
				{ record, field: 'kind' }
			);
		}
		for (const code of properties.municipalities) {
			if (!known.has(code)) {
				throw new GeodataError(
					file,
					`${code} is not a municipality of province ${context.province}`,
					{
						record,
						field: 'municipalities'
					}
				);
			}
		}
		const geometry = (raw as { geometry?: Geometry }).geometry;
		if (!geometry || !options.geometryTypes.includes(geometry.type)) {
			throw new GeodataError(
				file,
				`geometry must be ${options.geometryTypes.join(' or ')}, found ${geometry?.type ?? 'none'}`,
				{ record, field: 'geometry' }
			);
		}
		const positions = positionsOf(geometry);
		if (
			positions.length === 0 ||
			positions.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
		) {
			throw new GeodataError(file, 'geometry has no valid coordinates', {
				record,
				field: 'geometry.coordinates'
			});
		}
		// A record belongs to the province if any of its positions lies in one of its municipalities.
		const inside = positions.some((position) =>
			context.municipalities.some((m) => booleanPointInPolygon(position, m.geometry))
		);
		if (!inside) {
			throw new GeodataError(
				file,
				`lies outside the province ${context.province} (first position [${positions[0].join(', ')}])`,
				{ record, field: 'geometry.coordinates' }
			);
		}
		// A point names the municipality it stands in: a slip of the hand shows up here.
		if (geometry.type === 'Point' && properties.municipalities.length) {
			const named = context.municipalities.filter((m) =>
				properties.municipalities.includes(m.istat)
			);
			if (!named.some((m) => booleanPointInPolygon(geometry.coordinates, m.geometry))) {
				throw new GeodataError(
					file,
					`position [${geometry.coordinates.join(', ')}] is in none of its municipalities (${properties.municipalities.join(', ')})`,
					{ record, field: 'geometry.coordinates' }
				);
			}
		}
		return { properties, geometry };
	});
}
