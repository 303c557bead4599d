/** The figures a mayor compares: the municipality's value, the province's, and its rank. */
export interface Indicator {
	key: 'population' | 'area_km2' | 'density' | 'ftth_share' | 'ftth_addresses_change';
	value: number | null;
	/** The same indicator for the whole province; null when it cannot be computed honestly. */
	province: number | null;
	/** 1 = highest value in the province; null when the municipality's value is unknown. */
	rank: number | null;
	/** How many municipalities have a value (the rank is out of these). */
	of: number;
}

export interface MunicipalityFigures {
	istat: string;
	population: number | null;
	area_km2: number;
	households_resident: number | null;
	households_ftth: number | null;
	/** Null when AGCOM's figure is missing or implausible (the atlas's reliability rule). */
	ftth_share: number | null;
	ftth_addresses_change: number | null;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function ranked(
	key: Indicator['key'],
	istat: string,
	values: Map<string, number | null>,
	province: number | null
): Indicator {
	const known = [...values].filter((entry): entry is [string, number] => entry[1] !== null);
	const value = values.get(istat) ?? null;
	return {
		key,
		value,
		province,
		rank: value === null ? null : known.filter(([, v]) => v > value).length + 1,
		of: known.length
	};
}

/**
 * The municipality's key indicators beside the province's and its rank among the province's
 * municipalities. A province total needs every municipality's figure: with one missing it is
 * null, never a partial sum. The province's FTTH share is computed over the municipalities whose
 * AGCOM figure is reliable, households over households.
 */
export function municipalityIndicators(istat: string, all: MunicipalityFigures[]): Indicator[] {
	const total = (pick: (m: MunicipalityFigures) => number | null) => {
		const values = all.map(pick);
		return values.every((v) => v !== null) ? sum(values as number[]) : null;
	};
	const population = total((m) => m.population);
	const area = total((m) => m.area_km2);
	const reliable = all.filter(
		(m) => m.ftth_share !== null && m.households_resident && m.households_ftth !== null
	);
	const residentHouseholds = sum(reliable.map((m) => m.households_resident!));
	const map = (pick: (m: MunicipalityFigures) => number | null) =>
		new Map(all.map((m) => [m.istat, pick(m)]));
	return [
		ranked(
			'population',
			istat,
			map((m) => m.population),
			population
		),
		ranked(
			'area_km2',
			istat,
			map((m) => m.area_km2),
			area
		),
		ranked(
			'density',
			istat,
			map((m) => (m.population === null ? null : m.population / m.area_km2)),
			population !== null && area ? population / area : null
		),
		ranked(
			'ftth_share',
			istat,
			map((m) => m.ftth_share),
			residentHouseholds
				? (100 * sum(reliable.map((m) => m.households_ftth!))) / residentHouseholds
				: null
		),
		ranked(
			'ftth_addresses_change',
			istat,
			map((m) => m.ftth_addresses_change),
			total((m) => m.ftth_addresses_change)
		)
	];
}
