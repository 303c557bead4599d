/**
 * An amount as people type it: 1234567.89, 1.234.567,89 (Italian spreadsheets), 1234567,89.
 * Returns NaN for anything else, so the row is rejected rather than guessed.
 */
export function parseAmount(text: string): number {
	const value = text.replace(/\s|€/g, '');
	if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(value))
		return Number(value.replaceAll('.', '').replace(',', '.'));
	if (/^\d+,\d+$/.test(value)) return Number(value.replace(',', '.'));
	if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
	return NaN;
}
