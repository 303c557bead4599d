import { describe, expect, it } from 'vitest';
import { todayInItaly } from '../../src/lib/dates.ts';

describe('todayInItaly', () => {
	it('counts the day in Italy, not in UTC', () => {
		// 23:30 UTC on 31 December is already 1 January in Rome (UTC+1 in winter).
		expect(todayInItaly(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
		// 21:30 UTC on 30 June is still 30 June in Rome (UTC+2 in summer).
		expect(todayInItaly(new Date('2026-06-30T21:30:00Z'))).toBe('2026-06-30');
		expect(todayInItaly(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
	});
});
