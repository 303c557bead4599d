import { compareTo, median } from '../national-comparison.ts';
import {
	findOpportunities,
	parseOpportunityFilter,
	type OpportunityFilter,
	type RankedOpportunity
} from '../opportunities.ts';
import type { NationalContextSummary } from '../types.ts';
import { getAtlas } from './atlas.ts';

/**
 * Runs the finder for a query string: the parsed filter and ranked results, each placed among its
 * region's and Italy's municipalities, or the bad parameter.
 */
export async function runOpportunitySearch(params: URLSearchParams): Promise<
	| {
			ok: true;
			filter: OpportunityFilter;
			results: RankedOpportunity[];
			snapshot: string | null;
			national: NationalContextSummary | null;
	  }
	| { ok: false; param: string; value: string }
> {
	const parsed = parseOpportunityFilter(params);
	if (!parsed.ok) return parsed;
	const atlas = await getAtlas();
	const [{ snapshot, opportunities }, distributions] = await Promise.all([
		atlas.listOpportunities(),
		atlas.readNationalDistributions()
	]);
	// Shares of two different snapshots are not compared: a quarter dropped in for the province only.
	const context = distributions?.broadband_snapshot === snapshot ? distributions : null;
	const results = findOpportunities(opportunities, parsed.filter).map((o) => ({
		...o,
		ftth_percentile_region:
			context && compareTo(context.ftth_share.region, o.ftth_share).percentile,
		ftth_percentile_italy: context && compareTo(context.ftth_share.italy, o.ftth_share).percentile
	}));
	return {
		ok: true,
		filter: parsed.filter,
		results,
		snapshot,
		national: distributions && {
			broadband_snapshot: distributions.broadband_snapshot,
			region_name: distributions.region_name,
			comparable: context !== null,
			ftth_median_region: median(distributions.ftth_share.region),
			ftth_median_italy: median(distributions.ftth_share.italy),
			ftth_count_region: distributions.ftth_share.region.length,
			ftth_count_italy: distributions.ftth_share.italy.length
		}
	};
}
