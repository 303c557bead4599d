import simplify from '@turf/simplify';
import truncate from '@turf/truncate';
import type { MultiPolygon } from 'geojson';
import { ftthHouseholdShare, type BroadbandRecord, type Reliability } from './agcom.ts';
import { GeodataError, parseJsonFile } from './errors.ts';
import { parseMunicipalBoundaries, type MunicipalityBoundary } from './municipalities.ts';

/**
 * Context boundaries are simplified to about 50 m (like the basemap's regions): they are drawn
 * muted around the province and compared by figures, never measured.
 */
export const NATIONAL_SIMPLIFY_DEGREES = 0.0005;
/** 5 decimals of a degree are about a metre: finer digits would only weigh on the build. */
const NATIONAL_COORDINATE_DECIMALS = 5;

/**
 * A share to a millionth of a percentage point: finer digits are float noise (56.00000000000001),
 * which the tiles' encoders would each round their own way.
 */
const roundShare = (value: number) => Math.round(value * 1e6) / 1e6;

/** One Italian municipality of the national context: where it is and what the sources say of it. */
export interface NationalMunicipality {
	istat: string;
	name: string;
	province: string;
	region: string;
	regionName: string;
	geometry: MultiPolygon;
	/** AGCOM's figures in the latest snapshot; null where the report has no row for the code. */
	householdsResident: number | null;
	householdsFtth: number | null;
	/** FTTH share of resident households (0-100) under the province's own reliability rule. */
	ftthShare: number | null;
	ftthReliability: Reliability;
	/** Distinct PNRR projects (CUP) OpenCUP locates in the municipality. */
	pnrrProjects: number;
}

export interface NationalContext {
	/** The AGCOM snapshot the coverage figures are from (YYYY-MM-DD). */
	broadbandSnapshot: string;
	municipalities: NationalMunicipality[];
}

/**
 * One province's file of the national boundaries. Openpolis publishes the abolished Sardinian
 * provinces (104-107) as empty GeometryCollections: they have no municipality, not an error.
 */
export function parseProvinceBoundaries(
	text: string,
	options: { file: string; province: string }
): MunicipalityBoundary[] {
	const json = parseJsonFile(text, options.file) as { type?: unknown; geometries?: unknown };
	if (
		json?.type === 'GeometryCollection' &&
		Array.isArray(json.geometries) &&
		json.geometries.length === 0
	)
		return [];
	return parseMunicipalBoundaries(text, options);
}

/**
 * Distinct PNRR projects per municipality, from the validated OpenCUP localisation rows; a project
 * located in a whole province counts for none of its municipalities.
 */
export function countPnrrProjects(
	rows: Array<{ cup: string; istat: string | null }>
): Map<string, number> {
	const cups = new Map<string, Set<string>>();
	for (const { cup, istat } of rows)
		if (istat !== null) cups.set(istat, (cups.get(istat) ?? new Set()).add(cup));
	return new Map([...cups].map(([istat, set]) => [istat, set.size]));
}

/**
 * Joins the national boundaries with AGCOM's latest snapshot and the PNRR counts. Residents are
 * known only where `residents` has them (the province): elsewhere the household-per-resident
 * check of the reliability rule cannot run, and only the report's own consistency is checked.
 */
export function joinNationalContext(input: {
	boundaries: MunicipalityBoundary[];
	broadband: BroadbandRecord[];
	broadbandSnapshot: string;
	pnrrProjects: Map<string, number>;
	residents: Map<string, number>;
	file: string;
}): NationalContext & { unmatchedBroadband: string[]; unmatchedPnrr: string[] } {
	const byCode = new Map(input.broadband.map((r) => [r.istat, r]));
	const known = new Set<string>();
	const municipalities = input.boundaries.map((b): NationalMunicipality => {
		if (known.has(b.istat))
			throw new GeodataError(input.file, `duplicate ISTAT code ${b.istat}`, {
				record: `${b.istat} ${b.name}`,
				field: 'com_istat_code'
			});
		known.add(b.istat);
		if (!b.region || !b.regionName)
			throw new GeodataError(input.file, 'no region code or name', {
				record: `${b.istat} ${b.name}`,
				field: 'reg_istat_code'
			});
		const record = byCode.get(b.istat);
		const share = record
			? ftthHouseholdShare(record, input.residents.get(b.istat) ?? null)
			: { value: null, reliability: 'unavailable' as const };
		return {
			istat: b.istat,
			name: b.name,
			province: b.province,
			region: b.region,
			regionName: b.regionName,
			geometry: truncate(
				simplify(b.geometry, {
					tolerance: NATIONAL_SIMPLIFY_DEGREES,
					highQuality: false,
					mutate: false
				}),
				{ precision: NATIONAL_COORDINATE_DECIMALS, mutate: true }
			),
			householdsResident: record?.householdsResident ?? null,
			householdsFtth: record?.householdsFtth ?? null,
			ftthShare: share.value === null ? null : roundShare(share.value),
			ftthReliability: share.reliability,
			pnrrProjects: input.pnrrProjects.get(b.istat) ?? 0
		};
	});
	return {
		broadbandSnapshot: input.broadbandSnapshot,
		municipalities: municipalities.sort((a, b) => a.istat.localeCompare(b.istat)),
		// Codes of municipalities merged or renamed between the boundaries (2023) and the reports.
		unmatchedBroadband: input.broadband.map((r) => r.istat).filter((c) => !known.has(c)),
		unmatchedPnrr: [...input.pnrrProjects.keys()].filter((c) => !known.has(c))
	};
}
