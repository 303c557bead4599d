import type { SearchResult } from './types.ts';

export const SEARCH_KINDS = ['municipality', 'place', 'intervention'] as const;

/** Where a search result leads: a municipality's report, a place on the map, an intervention's page. */
export function searchResultUrl(result: Pick<SearchResult, 'kind' | 'target'>): string {
	switch (result.kind) {
		case 'municipality':
			return `/comuni/${result.target}`;
		case 'place': {
			const [layer] = result.target.split(':');
			return `/?layers=${layer}&feature=${result.target}`;
		}
		case 'intervention':
			return `/interventi/${result.target}`;
	}
}

/** Results in groups by kind (municipalities, places, interventions), best first within each. */
export function groupSearchResults(results: SearchResult[]) {
	return SEARCH_KINDS.map((kind) => ({
		kind,
		results: results.filter((r) => r.kind === kind)
	})).filter((group) => group.results.length);
}
