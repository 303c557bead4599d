-- The public data's version: every change to what anybody can read (the geodata load, an
-- intervention edit, a proposal's adoption, an admin's rename, an import) gives it a new value in
-- the same transaction. Servers keep public answers in memory keyed by it, so no atlas process
-- behind a load balancer serves an answer older than the last write it has been told of.
--
-- A random token, not a counter: restoring a backup brings back an older row, and a counter would
-- then reuse numbers that other content was cached under.
create table public.data_version (
	id smallint primary key default 1 check (id = 1),
	version uuid not null default gen_random_uuid(),
	changed_at timestamptz not null default now(),
	-- The transaction that last changed it: one new version per transaction, however many
	-- statements it runs (the geodata load runs thousands).
	changed_by_xact xid8
);
insert into public.data_version (id) values (1);

alter table public.data_version enable row level security;
create policy data_version_public_read on public.data_version for select to anon, authenticated using (true);
grant select on public.data_version to anon, authenticated;
grant all on public.data_version to service_role;

-- security definer: a reviewer's edit bumps the version without being granted writes on it.
-- The new version is also announced (NOTIFY is sent at commit): other atlas processes listening
-- on PostgreSQL learn of a write without asking the database on every request.
create function public.bump_data_version() returns trigger
language plpgsql security definer set search_path = public as $$
declare
	next uuid := gen_random_uuid();
begin
	update public.data_version
		set version = next, changed_at = now(), changed_by_xact = pg_current_xact_id()
		where id = 1 and changed_by_xact is distinct from pg_current_xact_id();
	if found then
		perform pg_notify('atlas_data_version', next::text);
	end if;
	return null;
end
$$;

-- The tables public answers are made from. Proposals, comments, accounts and sessions are read
-- per person and never cached, so their writes leave the version alone.
do $$
declare
	t text;
begin
	foreach t in array array['municipality', 'region', 'data_source', 'dataset_load', 'layer',
		'broadband_snapshot', 'broadband_coverage', 'layer_feature', 'ambito', 'guideline',
		'intervention', 'intervention_ambito', 'intervention_guideline', 'intervention_municipality',
		'intervention_feature', 'funding_line', 'intervention_change', 'member']
	loop
		execute format('create trigger %I after insert or update or delete or truncate on public.%I
			for each statement execute function public.bump_data_version()', t || '_data_version', t);
	end loop;
end
$$;
