-- The Piano Strategico 2030: its 8 areas of intervention (ambiti) and 6 guidelines (linee
-- d'indirizzo) from the protocol of 3 August 2020, and the interventions linked to places.
-- Unknown is stored as null and shown as "dato non disponibile": no field has a made-up default.

create table public.ambito (
	code smallint primary key check (code between 1 and 8),
	slug text not null unique check (slug ~ '^[a-z][a-z0-9-]*$'),
	name_it text not null,
	name_en text not null
);

insert into public.ambito (code, slug, name_it, name_en) values
	(1, 'infrastructure', 'Infrastrutture materiali ed immateriali', 'Physical and digital infrastructure'),
	(2, 'environment', 'Tutela dell''ambiente e sostenibilità', 'Environmental protection and sustainability'),
	(3, 'digital', 'Digitalizzazione e Smart city', 'Digitalisation and smart city'),
	(4, 'circular-economy', 'Economia civile ed economia circolare', 'Civil and circular economy'),
	(5, 'supply-chains', 'Valorizzazione dei prodotti e delle filiere produttive', 'Products and supply chains'),
	(6, 'tourism-culture', 'Valorizzazione del Turismo e della Cultura', 'Tourism and culture'),
	(7, 'internationalisation', 'Internazionalizzazione delle imprese e sviluppo del marketing territoriale', 'Internationalisation of businesses and territorial marketing'),
	(8, 'simplification', 'Semplificazione della P.A.', 'Simplification of public administration');

create table public.guideline (
	code smallint primary key check (code between 1 and 6),
	name_it text not null,
	name_en text not null
);

insert into public.guideline (code, name_it, name_en) values
	(1, 'Capacità amministrativa di Provincia e Camera di Commercio', 'Administrative capacity of the Province and the Chamber of Commerce'),
	(2, 'Sostenibilità a tutto tondo: logistica, abitare, produzione', 'All-round sustainability: logistics, housing, production'),
	(3, 'Viabilità, ferrovie, sicurezza stradale e mobilità sostenibile', 'Roads, railways, road safety and sustainable mobility'),
	(4, 'Tutela del patrimonio culturale e dell''ambiente', 'Protection of cultural heritage and the environment'),
	(5, 'Transizione digitale e competenze per la smart city', 'Digital transition and smart city skills'),
	(6, 'Valorizzazione dei progetti UPI «Province & Comuni» e Unioncamere', 'Capitalising on the UPI "Province & Comuni" and Unioncamere projects');

create table public.intervention (
	id text primary key check (id ~ '^[a-z0-9][a-z0-9-]*$'),
	code text not null unique check (length(trim(code)) > 0),
	-- A PNRR project known only by its CUP has no title in the source: null, never invented.
	title_it text check (length(trim(title_it)) > 0),
	title_en text check (length(trim(title_en)) > 0),
	description_it text,
	description_en text,
	-- The strengths and weaknesses of the territory the intervention answers.
	context_it text,
	context_en text,
	primary_ambito smallint references public.ambito (code),
	status text check (status in ('idea', 'planned', 'financed', 'in_progress', 'completed', 'suspended')),
	-- The document that states the status (a status is a claim like any figure).
	status_source text,
	cost_eur numeric(16, 2) check (cost_eur >= 0),
	cost_source text,
	start_date text check (start_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
	end_date text check (end_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
	start_year integer generated always as (substr(start_date, 1, 4)::integer) stored,
	end_year integer generated always as (substr(end_date, 1, 4)::integer) stored,
	lead_body text,
	actors text[] not null default '{}',
	cup text unique check (cup ~ '^[A-Z0-9]{15}$'),
	geom geometry(Geometry, 4326),
	-- [{ "title", "url", "date" }]: at least one public source per intervention.
	sources jsonb not null check (jsonb_typeof(sources) = 'array' and jsonb_array_length(sources) > 0),
	-- seed: built from public sources by geodata/; import: loaded from a file; proposal: adopted.
	origin text not null default 'import' check (origin in ('seed', 'import', 'proposal')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (start_date is null or end_date is null or end_date >= start_date),
	check (cost_eur is null or cost_source is not null),
	check (status is null or status_source is not null)
);
create index intervention_geom_idx on public.intervention using gist (geom);
create index intervention_ambito_idx on public.intervention (primary_ambito);

-- Secondary ambiti; the primary one is on the intervention.
create table public.intervention_ambito (
	intervention_id text not null references public.intervention (id) on delete cascade,
	ambito_code smallint not null references public.ambito (code),
	primary key (intervention_id, ambito_code)
);

create table public.intervention_guideline (
	intervention_id text not null references public.intervention (id) on delete cascade,
	guideline_code smallint not null references public.guideline (code),
	primary key (intervention_id, guideline_code)
);

-- Municipalities are reloaded with the geodata, so links hold the ISTAT code, not a foreign key.
create table public.intervention_municipality (
	intervention_id text not null references public.intervention (id) on delete cascade,
	istat text not null check (istat ~ '^[0-9]{6}$'),
	primary key (intervention_id, istat)
);
create index intervention_municipality_istat_idx on public.intervention_municipality (istat);

-- A layer feature the intervention acts on: a bottleneck it resolves, a district it serves, a
-- pole it extends, a place it is located at.
create table public.intervention_feature (
	intervention_id text not null references public.intervention (id) on delete cascade,
	layer_id text not null,
	feature_id text not null,
	relation text not null check (relation in ('resolves', 'serves', 'extends', 'located-at')),
	primary key (intervention_id, layer_id, feature_id)
);
create index intervention_feature_target_idx on public.intervention_feature (layer_id, feature_id);

create table public.funding_line (
	id bigint generated always as identity primary key,
	intervention_id text not null references public.intervention (id) on delete cascade,
	kind text not null check (kind in ('pnrr', 'fesr-2021-2027', 'fsc', 'state', 'regional', 'municipal', 'private', 'other')),
	-- null: the source names the funding but not the amount.
	amount_eur numeric(16, 2) check (amount_eur >= 0),
	-- Every line names the document it comes from.
	document text not null check (length(trim(document)) > 0),
	document_url text,
	note text
);
create index funding_line_intervention_idx on public.funding_line (intervention_id);

-- Who changed what, when. Written by triggers, so no path can change an intervention silently;
-- the actor is the session's atlas.actor setting (the importer, the geodata build, a user).
create table public.intervention_change (
	id bigint generated always as identity primary key,
	intervention_id text not null,
	changed_at timestamptz not null default now(),
	changed_by text not null,
	operation text not null check (operation in ('insert', 'update', 'delete')),
	changes jsonb not null
);
create index intervention_change_intervention_idx on public.intervention_change (intervention_id, changed_at);

create function public.atlas_actor() returns text
language sql stable as $$
	select coalesce(nullif(current_setting('atlas.actor', true), ''), current_user)
$$;

-- After the row is written: with insert … on conflict do update, a before-insert trigger would
-- fire for a row that ends up updated instead.
create function public.log_intervention_change() returns trigger
language plpgsql as $$
declare
	diff jsonb;
begin
	if tg_op = 'INSERT' then
		insert into public.intervention_change (intervention_id, changed_by, operation, changes)
		values (new.id, public.atlas_actor(), 'insert',
			to_jsonb(new) - 'geom' - 'created_at' - 'updated_at' - 'start_year' - 'end_year');
		return null;
	elsif tg_op = 'DELETE' then
		insert into public.intervention_change (intervention_id, changed_by, operation, changes)
		values (old.id, public.atlas_actor(), 'delete', jsonb_build_object('code', old.code));
		return null;
	end if;
	select jsonb_object_agg(n.key, jsonb_build_object('from', o.value, 'to', n.value))
	into diff
	from jsonb_each(to_jsonb(new)) n
	join jsonb_each(to_jsonb(old)) o using (key)
	where n.value is distinct from o.value
		and n.key not in ('updated_at', 'created_at', 'start_year', 'end_year');
	if diff is not null then
		-- A geometry is recorded as changed, not dumped.
		if diff ? 'geom' then
			diff := diff || jsonb_build_object('geom', jsonb_build_object('from', 'geometry', 'to', 'geometry'));
		end if;
		insert into public.intervention_change (intervention_id, changed_by, operation, changes)
		values (new.id, public.atlas_actor(), 'update', diff);
	end if;
	return null;
end
$$;

create trigger intervention_history
	after insert or update or delete on public.intervention
	for each row execute function public.log_intervention_change();

create function public.touch_intervention() returns trigger
language plpgsql as $$
begin
	if to_jsonb(new) - 'updated_at' is distinct from to_jsonb(old) - 'updated_at' then
		new.updated_at := now();
	end if;
	return new;
end
$$;

create trigger intervention_touch
	before update on public.intervention
	for each row execute function public.touch_intervention();

create function public.log_funding_change() returns trigger
language plpgsql as $$
begin
	insert into public.intervention_change (intervention_id, changed_by, operation, changes)
	values (
		coalesce(new.intervention_id, old.intervention_id),
		public.atlas_actor(),
		'update',
		jsonb_build_object('funding', jsonb_build_object(
			'from', case when tg_op = 'INSERT' then null else to_jsonb(old) - 'id' end,
			'to', case when tg_op = 'DELETE' then null else to_jsonb(new) - 'id' end))
	);
	return coalesce(new, old);
end
$$;

create trigger funding_history
	after insert or update or delete on public.funding_line
	for each row execute function public.log_funding_change();

alter table public.ambito enable row level security;
alter table public.guideline enable row level security;
alter table public.intervention enable row level security;
alter table public.intervention_ambito enable row level security;
alter table public.intervention_guideline enable row level security;
alter table public.intervention_municipality enable row level security;
alter table public.intervention_feature enable row level security;
alter table public.funding_line enable row level security;
alter table public.intervention_change enable row level security;

create policy ambito_public_read on public.ambito for select to anon, authenticated using (true);
create policy guideline_public_read on public.guideline for select to anon, authenticated using (true);
create policy intervention_public_read on public.intervention for select to anon, authenticated using (true);
create policy intervention_ambito_public_read on public.intervention_ambito for select to anon, authenticated using (true);
create policy intervention_guideline_public_read on public.intervention_guideline for select to anon, authenticated using (true);
create policy intervention_municipality_public_read on public.intervention_municipality for select to anon, authenticated using (true);
create policy intervention_feature_public_read on public.intervention_feature for select to anon, authenticated using (true);
create policy funding_line_public_read on public.funding_line for select to anon, authenticated using (true);
create policy intervention_change_public_read on public.intervention_change for select to anon, authenticated using (true);

grant select on public.ambito, public.guideline, public.intervention, public.intervention_ambito,
	public.intervention_guideline, public.intervention_municipality, public.intervention_feature,
	public.funding_line, public.intervention_change to anon, authenticated;
grant all on public.ambito, public.guideline, public.intervention, public.intervention_ambito,
	public.intervention_guideline, public.intervention_municipality, public.intervention_feature,
	public.funding_line, public.intervention_change to service_role;
