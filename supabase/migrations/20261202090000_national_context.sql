-- Lucca in its national context: every Italian municipality's boundary (simplified to about 50 m
-- by the geodata build), its FTTH coverage in AGCOM's latest pinned snapshot and the PNRR projects
-- OpenCUP locates in it. The province's own municipalities are rows here too, from the same
-- snapshot, so a comparison always sets like against like.
create table public.national_municipality (
	istat text primary key check (istat ~ '^[0-9]{6}$'),
	name text not null,
	province_code text not null check (province_code ~ '^[0-9]{3}$'),
	region_code text not null check (region_code ~ '^[0-9]{2}$'),
	region_name text not null,
	-- AGCOM's figures as published (null where the report has no such figure or no row).
	households_resident integer check (households_resident >= 0),
	households_ftth integer check (households_ftth >= 0),
	-- The share under the province's reliability rule (src/lib/geodata/agcom.ts), worked out by
	-- the build: null unless the reliability is 'ok'.
	ftth_share double precision check (ftth_share between 0 and 100),
	ftth_reliability text not null check (ftth_reliability in ('ok', 'unreliable', 'unavailable')),
	check ((ftth_share is null) = (ftth_reliability <> 'ok')),
	pnrr_projects integer not null check (pnrr_projects >= 0),
	geom geometry(MultiPolygon, 4326) not null
);
create index national_municipality_geom_idx on public.national_municipality using gist (geom);
create index national_municipality_region_idx on public.national_municipality (region_code);

-- Which snapshot the national figures are from (one row; none when the build left them out).
create table public.national_context (
	id smallint primary key default 1 check (id = 1),
	broadband_snapshot date not null
);

alter table public.national_municipality enable row level security;
alter table public.national_context enable row level security;
create policy national_municipality_public_read on public.national_municipality for select to anon, authenticated using (true);
create policy national_context_public_read on public.national_context for select to anon, authenticated using (true);
grant select on public.national_municipality, public.national_context to anon, authenticated;
grant all on public.national_municipality, public.national_context to service_role;

-- Public answers are cached by the data version: a new national load must change it.
create trigger national_municipality_data_version after insert or update or delete or truncate
	on public.national_municipality for each statement execute function public.bump_data_version();
create trigger national_context_data_version after insert or update or delete or truncate
	on public.national_context for each statement execute function public.bump_data_version();
