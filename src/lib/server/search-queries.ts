import type { SearchResult } from '../types.ts';
import type { Transactional } from './db/engine.ts';

/** How close a word must be to count as a match: "capanori" ~ "capannori" is 0.6. */
const WORD_SIMILARITY = 0.45;

export function searchQueries(db: Transactional) {
	return {
		/**
		 * Municipalities, places and interventions matching `query`, best first: exact names, then
		 * names starting with it, then containing it, then near misses (trigram word similarity).
		 * The query is compared as text (strpos), never as a LIKE pattern: "%" matches only "%".
		 */
		async search(query: string, options: { limit?: number } = {}): Promise<SearchResult[]> {
			const rows = await db.transaction(async (tx) => {
				// pg_trgm's "<%" compares with this setting; it lets the trigram indexes find the near
				// misses, which word_similarity() alone cannot.
				await tx.query(`select set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
					String(WORD_SIMILARITY)
				]);
				return tx.query<SearchResult & { score: number }>(
					`with q as (select public.atlas_fold($1) as q)
					 select s.kind, s.id, s.label, s.detail, s.target,
						case when s.folded = q.q then 4
							when starts_with(s.folded, q.q) then 3
							when strpos(s.folded, q.q) > 0 then 2
							else 1 end
						+ word_similarity(q.q, s.folded) as score
					 from public.search_item s, q
					 where length(q.q) >= 2
						-- What the indexes can find (the query escaped as a LIKE pattern)…
						and (s.folded like '%' || replace(replace(replace(q.q, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
							or q.q <% s.folded)
						-- …and the rule itself.
						and (strpos(s.folded, q.q) > 0 or word_similarity(q.q, s.folded) >= $2)
					 order by score desc, s.label
					 limit $3`,
					[query.trim(), WORD_SIMILARITY, options.limit ?? 30]
				);
			});
			return rows.map(({ score, ...result }) => ({ ...result, score: Number(score) }));
		}
	};
}
