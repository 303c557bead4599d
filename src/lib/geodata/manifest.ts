import { z } from 'zod';
import { GeodataError, parseJsonFile } from './errors.ts';

/** The atlas's own words, in Italian and English. */
const bilingual = z.object({ it: z.string().min(1), en: z.string().min(1) });

const sourceSchema = z.object({
	title: bilingual,
	upstream: z.url(),
	/** Which copy was read (a pinned commit, a snapshot), said in both languages. */
	version: bilingual,
	mirror: z.string().min(1),
	mirrorNote: z.string().optional(),
	/** Checksums of whole-file mirrors, keyed by zero-padded province code ("*" for a single file). */
	sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).optional(),
	/** Sources published as several files (one per snapshot): file name → sha256. */
	files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).optional(),
	/** The publisher's own page for the data, where it differs from the pinned upstream copy. */
	homepage: z.url().optional(),
	licence: bilingual,
	attribution: bilingual,
	/** The proper names (owners, licences, collectors, places) the texts above keep in both languages. */
	names: z.array(z.string().min(1)).min(1),
	owner: z.string().min(1),
	referenceYear: z.number().int().optional()
});

export const manifestSchema = z.object({
	sources: z.object({
		'municipal-boundaries': sourceSchema,
		'regional-boundaries': sourceSchema,
		'population-2021': sourceSchema.extend({ referenceYear: z.number().int() }),
		'rail-network-rfi': sourceSchema,
		'stations-trenitalia': sourceSchema,
		'pnrr-opencup': sourceSchema,
		'pnrr-regis-toscana': sourceSchema,
		'broadband-agcom': sourceSchema.extend({
			files: z.record(
				z.string().regex(/^Reportistica_\d{6}_Comuni\.csv$/),
				z.string().regex(/^[0-9a-f]{64}$/)
			)
		})
	})
});

export type Manifest = z.infer<typeof manifestSchema>;
export type SourceId = keyof Manifest['sources'];
export type Source = z.infer<typeof sourceSchema>;
export type Bilingual = z.infer<typeof bilingual>;

export function parseManifest(text: string, file = 'geodata/manifest.json'): Manifest {
	const json = parseJsonFile(text, file);
	const result = manifestSchema.safeParse(json);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new GeodataError(file, issue.message, { field: issue.path.join('.') });
	}
	return result.data;
}

/** Fills `{province_number}` (46), `{province}` (046) and `{file}` in a URL or path template. */
export function expandTemplate(template: string, province: string, file = ''): string {
	return template
		.replaceAll('{province_number}', String(Number(province)))
		.replaceAll('{province}', province)
		.replaceAll('{file}', file);
}
