import { parseCsvFile } from './csv.ts';
import { GeodataError } from './errors.ts';

/**
 * One municipality in one AGCOM Broadband Map snapshot ("Reportistica - consistenze dei punti
 * geografici raggiunti dalla rete cablata"). Null means the report leaves the cell empty.
 */
export interface BroadbandRecord {
	istat: string;
	cellsFixed: number | null;
	addressesFixed: number | null;
	cellsFtth: number | null;
	addressesFtth: number | null;
	cellsFttc: number | null;
	householdsResident: number | null;
	householdsFtth: number | null;
}

/** The report's columns, by the start of their header (the headers vary in case and quoting). */
const COLUMNS: Record<Exclude<keyof BroadbandRecord, 'istat'> | 'pro_com', RegExp> = {
	pro_com: /^pro_com$/i,
	cellsFixed: /^celle 20m x 20m raggiunte$/i,
	addressesFixed: /^indirizzi postali distinti \(se fornit[oi]\/disponibil[ei]\)$/i,
	cellsFtth: /^celle 20m x 20m raggiunte ftth$/i,
	addressesFtth: /^indirizzi postali distinti \(se fornit[oi]\/disponibil[ei]\) ftth$/i,
	cellsFttc: /^celle 20m x 20m raggiunte fttc$/i,
	householdsResident: /^famiglie residenti \(calcolato\)$/i,
	householdsFtth: /^famiglie raggiunte ftth \(calcolato\)$/i
};

/** The snapshot date from an AGCOM file name: Reportistica_250630_Comuni.csv → 2025-06-30. */
export function snapshotDateFromFileName(fileName: string): string | undefined {
	const match = /Reportistica_(\d{2})(\d{2})(\d{2})_Comuni\.csv$/i.exec(fileName);
	if (!match) return undefined;
	const [, yy, mm, dd] = match;
	const date = `20${yy}-${mm}-${dd}`;
	return Number.isNaN(Date.parse(date)) ? undefined : date;
}

/**
 * Parses an AGCOM per-municipality report, keeping the municipalities of one province (or, with
 * `province: null`, every Italian municipality: the national context).
 */
export function parseAgcomReport(
	text: string,
	options: { file: string; province: string | null }
): BroadbandRecord[] {
	const { file, province } = options;
	const [header, ...rows] = parseCsvFile(text, file);
	if (!header) throw new GeodataError(file, 'empty file');
	const index = {} as Record<keyof typeof COLUMNS, number>;
	for (const [key, pattern] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, RegExp][]) {
		const at = header.findIndex((h) => pattern.test(h.trim()));
		if (at < 0)
			throw new GeodataError(file, `no column matching ${pattern}`, {
				record: 'header',
				field: key
			});
		index[key] = at;
	}
	const seen = new Set<string>();
	const records: BroadbandRecord[] = [];
	rows.forEach((cells, i) => {
		const record = `line ${i + 2}`;
		const code = cells[index.pro_com]?.trim() ?? '';
		if (!/^\d{4,6}$/.test(code)) {
			throw new GeodataError(file, `"${code}" is not an ISTAT municipality code`, {
				record,
				field: 'pro_com'
			});
		}
		const istat = code.padStart(6, '0');
		if (province !== null && !istat.startsWith(province)) return;
		if (seen.has(istat))
			throw new GeodataError(file, `duplicate ISTAT code ${istat}`, { record, field: 'pro_com' });
		seen.add(istat);
		const count = (key: Exclude<keyof typeof COLUMNS, 'pro_com'>): number | null => {
			const raw = (cells[index[key]] ?? '').trim();
			if (raw === '') return null;
			const value = Number(raw);
			if (!Number.isInteger(value) || value < 0) {
				throw new GeodataError(file, `"${raw}" is not a count`, {
					record: `${record} (${istat})`,
					field: header[index[key]].trim()
				});
			}
			return value;
		};
		records.push({
			istat,
			cellsFixed: count('cellsFixed'),
			addressesFixed: count('addressesFixed'),
			cellsFtth: count('cellsFtth'),
			addressesFtth: count('addressesFtth'),
			cellsFttc: count('cellsFttc'),
			householdsResident: count('householdsResident'),
			householdsFtth: count('householdsFtth')
		});
	});
	if (records.length === 0)
		throw new GeodataError(
			file,
			province === null ? 'no municipality' : `no municipality of province ${province}`
		);
	return records;
}

/**
 * Fewer resident households than one per this many residents is implausible (Italy averages
 * about 2.3 people per household): such a household count is not used to compute a share.
 */
export const MAX_RESIDENTS_PER_HOUSEHOLD = 10;

export type Reliability = 'ok' | 'unreliable' | 'unavailable';

/**
 * Share (0-100) of resident households reached by FTTH, or why there is none: `unavailable` when
 * the report leaves a figure empty, `unreliable` when its household count is implausible for the
 * municipality's residents (Massarosa: 15 households) or below the households it says are reached.
 */
export function ftthHouseholdShare(
	record: Pick<BroadbandRecord, 'householdsResident' | 'householdsFtth'>,
	residents: number | null
): { value: number | null; reliability: Reliability } {
	const { householdsResident, householdsFtth } = record;
	if (householdsResident === null || householdsFtth === null)
		return { value: null, reliability: 'unavailable' };
	const implausible =
		householdsResident === 0 ||
		householdsFtth > householdsResident ||
		(residents !== null && householdsResident * MAX_RESIDENTS_PER_HOUSEHOLD < residents);
	if (implausible) return { value: null, reliability: 'unreliable' };
	return { value: (householdsFtth / householdsResident) * 100, reliability: 'ok' };
}
