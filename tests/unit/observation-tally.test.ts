import { describe, expect, it } from 'vitest';
import { tallyObservations } from '../../src/lib/observation.ts';

describe('tallyObservations', () => {
	it('counts each category by status, in the categories’ order, with the supports and a total', () => {
		const { rows, all } = tallyObservations([
			{ category: 'tourism', status: 'open', supports: 2 },
			{ category: 'broadband', status: 'answered', supports: 5 },
			{ category: 'broadband', status: 'open', supports: 0 },
			{ category: 'broadband', status: 'in_proposal', supports: 1 }
		]);
		expect(rows).toEqual([
			{ category: 'broadband', open: 1, in_proposal: 1, answered: 1, total: 3, supports: 6 },
			{ category: 'tourism', open: 1, in_proposal: 0, answered: 0, total: 1, supports: 2 }
		]);
		expect(all).toEqual({
			category: 'all',
			open: 2,
			in_proposal: 1,
			answered: 1,
			total: 4,
			supports: 8
		});
	});

	it('has no rows, and zero in all, when nobody asked anything', () => {
		expect(tallyObservations([])).toEqual({
			rows: [],
			all: { category: 'all', open: 0, in_proposal: 0, answered: 0, total: 0, supports: 0 }
		});
	});
});
