import { describe, expect, it } from 'vitest';
import {
	municipalityIndicators,
	type MunicipalityFigures
} from '../../src/lib/municipality-indicators.ts';

const figures = (istat: string, fields: Partial<MunicipalityFigures>): MunicipalityFigures => ({
	istat,
	population: 1000,
	area_km2: 10,
	households_resident: 400,
	households_ftth: 200,
	ftth_share: 50,
	ftth_addresses_change: 10,
	...fields
});
const byKey = (istat: string, all: MunicipalityFigures[]) =>
	Object.fromEntries(municipalityIndicators(istat, all).map((i) => [i.key, i]));

describe('municipalityIndicators', () => {
	const all = [
		figures('a', { population: 3000, area_km2: 30 }),
		figures('b', { population: 1000, area_km2: 5, households_ftth: 400, ftth_share: 100 }),
		// Massarosa's case: an implausible AGCOM figure is left out, not computed.
		figures('c', { population: 2000, area_km2: 65, ftth_share: null, households_resident: 15 })
	];
	it('ranks the municipality in the province, 1 = highest', () => {
		const b = byKey('b', all);
		expect(b.population).toMatchObject({ value: 1000, province: 6000, rank: 3, of: 3 });
		expect(b.density).toMatchObject({ value: 200, province: 60, rank: 1, of: 3 });
	});
	it('computes the province FTTH share over reliable municipalities, households over households', () => {
		// (200 + 400) / (400 + 400)
		expect(byKey('a', all).ftth_share).toMatchObject({ value: 50, province: 75, rank: 2, of: 2 });
		expect(byKey('c', all).ftth_share).toMatchObject({ value: null, rank: null, of: 2 });
	});
	it('gives no province total when one municipality’s figure is missing', () => {
		const missing = [...all, figures('d', { population: null, ftth_addresses_change: null })];
		const a = byKey('a', missing);
		expect(a.population.province).toBeNull();
		expect(a.density.province).toBeNull();
		expect(a.ftth_addresses_change.province).toBeNull();
		expect(a.population.of).toBe(3);
	});
	it('shares a rank between equal values', () => {
		const tied = [figures('a', {}), figures('b', {})];
		expect(byKey('b', tied).population.rank).toBe(1);
	});
});
