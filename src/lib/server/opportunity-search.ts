import {
	findOpportunities,
	parseOpportunityFilter,
	type Opportunity,
	type OpportunityFilter
} from '../opportunities.ts';
import { getAtlas } from './atlas.ts';

/** Runs the finder for a query string: the parsed filter and ranked results, or the bad parameter. */
export async function runOpportunitySearch(
	params: URLSearchParams
): Promise<
	| { ok: true; filter: OpportunityFilter; results: Opportunity[]; snapshot: string | null }
	| { ok: false; param: string; value: string }
> {
	const parsed = parseOpportunityFilter(params);
	if (!parsed.ok) return parsed;
	const { snapshot, opportunities } = await (await getAtlas()).listOpportunities();
	return {
		ok: true,
		filter: parsed.filter,
		results: findOpportunities(opportunities, parsed.filter),
		snapshot
	};
}
