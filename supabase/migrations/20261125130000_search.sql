-- Search across municipalities, layer features and interventions: accent- and case-insensitive
-- (unaccent) and tolerant of small typos (pg_trgm), so "capanori" finds Capannori.

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- unaccent() is only stable (its dictionary could change); the atlas never changes it, so the
-- folded form can be declared immutable and indexed.
create function public.atlas_fold(value text) returns text
language sql immutable parallel safe as $$
	select lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, '')))
$$;

create view public.search_item with (security_invoker = true) as
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
		public.atlas_fold(concat_ws(' ', i.title_it, i.title_en, i.code, i.cup))
	from public.intervention i;

grant select on public.search_item to anon, authenticated, service_role;
