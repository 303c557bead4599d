-- What the plan's documents say of each ambito: its context, its strengths and its weaknesses,
-- one statement a row, each with its source and date (protocol art. 2: for each ambito a
-- description of the context with the territory's strengths and weaknesses). The geodata build
-- seeds them from geodata/curated/<province>/ambito-statements.json; reviewers edit them, and an
-- edited statement is no longer touched by the build. Every change is kept with who and when.
create table public.ambito_statement (
	id text primary key check (id ~ '^[a-z0-9][a-z0-9-]*$' and char_length(id) <= 80),
	ambito_code smallint not null references public.ambito (code),
	kind text not null check (kind in ('context', 'strength', 'weakness')),
	text_it text not null check (char_length(btrim(text_it)) between 1 and 1000),
	text_en text check (text_en is null or char_length(btrim(text_en)) between 1 and 1000),
	source_title text not null check (char_length(btrim(source_title)) between 1 and 300),
	source_url text check (source_url is null or source_url ~ '^https?://[^\s]+$'),
	source_date date not null,
	source_licence text,
	-- quotation: the source's own words; summary: the atlas editors' summary of what it says.
	precision text not null check (precision in ('quotation', 'summary')),
	position smallint not null default 0,
	origin text not null default 'reviewer' check (origin in ('seed', 'reviewer')),
	-- A reviewer has changed it: the build leaves it as the reviewer wrote it.
	edited boolean not null default false,
	-- Optimistic concurrency: every update names the version it read; the trigger bumps it.
	version integer not null default 1,
	updated_at timestamptz not null default now()
);
create index ambito_statement_ambito_idx on public.ambito_statement (ambito_code, kind, position);

create table public.ambito_statement_change (
	id bigint generated always as identity primary key,
	statement_id text not null,
	ambito_code smallint not null,
	changed_by text not null,
	changed_at timestamptz not null default now(),
	operation text not null check (operation in ('insert', 'update', 'delete')),
	changes jsonb not null
);
create index ambito_statement_change_ambito_idx
	on public.ambito_statement_change (ambito_code, changed_at desc);

create function public.guard_ambito_statement() returns trigger
language plpgsql as $$
begin
	if new.version is distinct from old.version then
		raise exception 'statement % was changed by someone else (version % is not %)', old.id, new.version, old.version
			using errcode = '40001';
	end if;
	new.version := old.version + 1;
	new.updated_at := now();
	return new;
end
$$;
create trigger ambito_statement_guard before update on public.ambito_statement
	for each row execute function public.guard_ambito_statement();

-- security definer: the history is written on behalf of the reviewer, who may not write it.
create function public.log_ambito_statement_change() returns trigger
language plpgsql security definer set search_path = public as $$
declare
	diff jsonb;
begin
	if tg_op = 'INSERT' then
		insert into public.ambito_statement_change (statement_id, ambito_code, changed_by, operation, changes)
		values (new.id, new.ambito_code, public.atlas_actor(), 'insert',
			to_jsonb(new) - 'version' - 'updated_at' - 'edited' - 'origin');
	elsif tg_op = 'DELETE' then
		insert into public.ambito_statement_change (statement_id, ambito_code, changed_by, operation, changes)
		values (old.id, old.ambito_code, public.atlas_actor(), 'delete', jsonb_build_object('text_it', old.text_it));
	else
		select jsonb_object_agg(n.key, jsonb_build_object('from', o.value, 'to', n.value))
		into diff
		from jsonb_each(to_jsonb(new)) n
		join jsonb_each(to_jsonb(old)) o using (key)
		where n.value is distinct from o.value
			and n.key not in ('version', 'updated_at', 'edited', 'origin');
		if diff is not null then
			insert into public.ambito_statement_change (statement_id, ambito_code, changed_by, operation, changes)
			values (new.id, new.ambito_code, public.atlas_actor(), 'update', diff);
		end if;
	end if;
	return null;
end
$$;
create trigger ambito_statement_history after insert or update or delete on public.ambito_statement
	for each row execute function public.log_ambito_statement_change();

alter table public.ambito_statement enable row level security;
alter table public.ambito_statement_change enable row level security;
create policy ambito_statement_public_read on public.ambito_statement
	for select to anon, authenticated using (true);
create policy ambito_statement_review_write on public.ambito_statement
	for all to authenticated using (public.is_reviewer()) with check (public.is_reviewer());
create policy ambito_statement_change_public_read on public.ambito_statement_change
	for select to anon, authenticated using (true);
grant select on public.ambito_statement, public.ambito_statement_change to anon, authenticated;
grant insert, update, delete on public.ambito_statement to authenticated;
grant all on public.ambito_statement, public.ambito_statement_change to service_role;

-- Public answers (the ambito pages) are made from them: a change gives the data a new version.
create trigger ambito_statement_data_version
	after insert or update or delete or truncate on public.ambito_statement
	for each statement execute function public.bump_data_version();
