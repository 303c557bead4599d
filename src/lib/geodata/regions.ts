import type { MultiPolygon } from 'geojson';
import turfRewind from '@turf/rewind';
import { z } from 'zod';
import { GeodataError, parseJsonFile } from './errors.ts';

export interface RegionBoundary {
	code: string;
	name: string;
	geometry: MultiPolygon;
}

const featureSchema = z.object({
	properties: z.object({
		reg_istat_code: z.string().regex(/^\d{2}$/),
		reg_name: z.string().min(1)
	}),
	geometry: z.discriminatedUnion('type', [
		z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
		z.object({
			type: z.literal('MultiPolygon'),
			coordinates: z.array(z.array(z.array(z.array(z.number()))))
		})
	])
});

/** Parses the Openpolis regions GeoJSON: used only to draw land and sea on the offline basemap. */
export function parseRegionBoundaries(text: string, options: { file: string }): RegionBoundary[] {
	const json = parseJsonFile(text, options.file);
	const features = z.object({ features: z.array(z.unknown()).min(1) }).safeParse(json);
	if (!features.success) throw new GeodataError(options.file, 'not a GeoJSON FeatureCollection');
	return features.data.features.map((raw, index) => {
		const parsed = featureSchema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new GeodataError(options.file, issue.message, {
				record: `#${index}`,
				field: issue.path.join('.')
			});
		}
		const { geometry, properties } = parsed.data;
		const coordinates = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
		return {
			code: properties.reg_istat_code,
			name: properties.reg_name,
			geometry: turfRewind({ type: 'MultiPolygon', coordinates } as MultiPolygon, {
				mutate: false
			}) as MultiPolygon
		};
	});
}
