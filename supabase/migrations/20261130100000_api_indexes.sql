-- Indexes for every filter the public API offers, so that on a large database a filtered read
-- reaches its rows through an index instead of reading whole tables. The plans of the very
-- queries the data-access code sends are checked in tests/db/explain-indexes.test.ts.

-- /api/v1/interventions filters (src/lib/server/intervention-queries.ts). The primary ambito
-- (intervention_ambito_idx), the municipality (intervention_municipality_istat_idx) and the
-- geometries (GiST) already have theirs.
create index intervention_status_idx on public.intervention (status);
-- year=: the first and last year an intervention is under way, as YEAR_CONDITION compares them;
-- one index each, so the planner takes the bound that selects fewer rows (in an atlas of past
-- work, "ends after"; of plans, "starts before").
create index intervention_first_year_idx on public.intervention ((coalesce(start_year, end_year)));
create index intervention_last_year_idx on public.intervention ((coalesce(end_year, start_year)));
create index intervention_ambito_code_idx on public.intervention_ambito (ambito_code, intervention_id);
create index intervention_guideline_code_idx on public.intervention_guideline (guideline_code, intervention_id);
create index funding_line_kind_idx on public.funding_line (kind, intervention_id);

-- Layer features by kind: stations, districts and poles for the opportunities and the impact
-- analysis.
create index layer_feature_kind_idx on public.layer_feature (kind);

-- Search (/api/v1/search): trigram indexes on the folded text that search_item compares. An
-- intervention's text joins several columns; concat_ws is only stable (it formats any type), so
-- an immutable wrapper for text, as atlas_fold is for unaccent, lets it be indexed.
create function public.atlas_fold_words(variadic words text[]) returns text
language sql immutable parallel safe as $$
	select public.atlas_fold(concat_ws(' ', variadic words))
$$;

create index municipality_name_trgm_idx on public.municipality
	using gin (public.atlas_fold(name) gin_trgm_ops);
create index layer_feature_name_trgm_idx on public.layer_feature
	using gin (public.atlas_fold(name) gin_trgm_ops);
create index intervention_words_trgm_idx on public.intervention
	using gin (public.atlas_fold_words(title_it, title_en, code, cup) gin_trgm_ops);

-- The same view, with the interventions' text folded as it is indexed.
create or replace view public.search_item with (security_invoker = true) as
	select 'municipality'::text as kind, m.istat as id, m.name as label, null::text as detail,
		m.istat as target, public.atlas_fold(m.name) as folded
	from public.municipality m
	union all
	select 'place', f.layer_id || ':' || f.feature_id, f.name, f.kind, f.layer_id || ':' || f.feature_id,
		public.atlas_fold(f.name)
	from public.layer_feature f
	where f.kind <> 'rail-line'
	union all
	select 'intervention', i.id, coalesce(i.title_it, i.code), i.code, i.id,
		public.atlas_fold_words(i.title_it, i.title_en, i.code, i.cup)
	from public.intervention i;

-- Proposals: the list is filtered by status and proponent through row-level security.
create index proposal_status_idx on public.proposal (status);
-- A proposal's comments and transitions, and the proposal an intervention came from.
create index proposal_comment_proposal_idx on public.proposal_comment (proposal_id);
create index proposal_transition_proposal_idx on public.proposal_transition (proposal_id);
create index proposal_intervention_idx on public.proposal (intervention_id);

-- The same rule as before, written so the indexes can serve it: "status <> 'draft'" becomes
-- the list of the other statuses (status is never null), and auth.uid() and atlas_role() are
-- asked once per statement, not once per row (wrapped in a select, as Supabase advises).
drop policy proposal_read on public.proposal;
create policy proposal_read on public.proposal for select to anon, authenticated
	using (
		status in ('adopted', 'rejected')
		or proponent_id = (select auth.uid())
		or (
			status in ('submitted', 'under_review', 'adopted', 'rejected')
			and (select public.atlas_role()) is not null
		)
	);

-- Sessions and accounts: a member's sessions (ended with the member), members by role (the
-- administration keeps at least one admin).
create index local_session_user_idx on public.local_session (user_id);
create index member_role_idx on public.member (role);
