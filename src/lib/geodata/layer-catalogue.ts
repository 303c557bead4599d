import { z } from 'zod';
import { GeodataError, parseJsonFile } from './errors.ts';

const bilingual = z.object({ it: z.string().min(1), en: z.string().min(1) });

export const layerEntrySchema = z.object({
	id: z.string().regex(/^[a-z][a-z0-9-]*$/),
	theme: z.string().min(1),
	title: bilingual,
	description: bilingual,
	method: bilingual,
	gaps: bilingual,
	precision: bilingual,
	licence: bilingual,
	/** owner: the name as its owner writes it, the same in both languages (the map prints it). */
	sources: z.array(z.object({ owner: z.string().min(1), title: bilingual, url: z.url() })).min(1)
});

export type LayerEntry = z.infer<typeof layerEntrySchema>;

/** Parses geodata/layers.json: every layer must say what it is, where it comes from and what it lacks. */
export function parseLayerCatalogue(text: string, file: string): LayerEntry[] {
	const json = parseJsonFile(text, file);
	const result = z.object({ layers: z.array(z.unknown()).min(1) }).safeParse(json);
	if (!result.success) throw new GeodataError(file, 'no "layers" list', { field: 'layers' });
	const ids = new Set<string>();
	return result.data.layers.map((raw, index) => {
		const record = `#${index}${typeof (raw as { id?: unknown })?.id === 'string' ? ` (${(raw as { id: string }).id})` : ''}`;
		const entry = layerEntrySchema.safeParse(raw);
		if (!entry.success) {
			const issue = entry.error.issues[0];
			throw new GeodataError(file, issue.message, { record, field: issue.path.join('.') });
		}
		if (ids.has(entry.data.id))
			throw new GeodataError(file, `duplicate layer id "${entry.data.id}"`, {
				record,
				field: 'id'
			});
		ids.add(entry.data.id);
		return entry.data;
	});
}
