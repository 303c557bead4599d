/**
 * What the OGC API's HTML pages show of a feature: a readable value per property, the columns a
 * page of features tabulates, and where the same thing lives in the atlas.
 */

/**
 * A property's value as text: fractions to three decimals in the reader's notation (integers such
 * as years and codes as they are), lists and objects as compact JSON, unknown as null.
 */
export function propertyText(value: unknown, lang: 'it' | 'en'): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number' && !Number.isInteger(value))
		return value.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB', {
			maximumFractionDigits: 3,
			useGrouping: false
		});
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** The properties a table of these features shows: those that are plain values, in first-seen order. */
export function tableColumns(properties: Record<string, unknown>[], max = 8): string[] {
	const columns: string[] = [];
	for (const p of properties)
		for (const [key, value] of Object.entries(p))
			if (!columns.includes(key) && (value === null || typeof value !== 'object'))
				columns.push(key);
	return columns.slice(0, max);
}

/** The atlas page of a feature of a collection: its own page where it has one, else the layer on the map. */
export function atlasPageOf(
	collectionId: string,
	featureId: string | number,
	properties: Record<string, unknown>
): string {
	const id = encodeURIComponent(String(featureId));
	// A municipality's feature id is GDAL's integer; its page is by the six-digit ISTAT code.
	if (collectionId === 'municipalities') return `/comuni/${properties.istat}`;
	if (collectionId === 'interventions') return `/interventi/${id}`;
	if (collectionId === 'observations') return `/osservazioni/${id}`;
	return `/?layers=${encodeURIComponent(collectionId)}`;
}
