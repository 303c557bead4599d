-- Foundation of Atlante Lucca 2030: municipalities, basemap regions, data sources.
-- Runs unchanged on Supabase, on any PostgreSQL + PostGIS, and on the embedded PGlite + PostGIS.

create extension if not exists postgis;

-- Supabase's API roles exist on Supabase; create them where they are missing (plain PostgreSQL,
-- PGlite) so the row-level security below means the same thing everywhere.
do $$
begin
	if not exists (select 1 from pg_roles where rolname = 'anon') then
		create role anon nologin noinherit;
	end if;
	if not exists (select 1 from pg_roles where rolname = 'authenticated') then
		create role authenticated nologin noinherit;
	end if;
	if not exists (select 1 from pg_roles where rolname = 'service_role') then
		create role service_role nologin noinherit bypassrls;
	end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;

-- One row per municipality of the built province (ISTAT code as 6-digit text, e.g. 046007).
create table public.municipality (
	istat text primary key check (istat ~ '^[0-9]{6}$'),
	name text not null check (length(trim(name)) > 0),
	province text not null check (province ~ '^[0-9]{3}$'),
	-- Geodesic area of the boundary computed by the geodata build; tests check it against ST_Area(geography).
	area_km2 double precision not null check (area_km2 > 0),
	-- Residents from ISTAT; null means "dato non disponibile", never zero.
	population integer check (population >= 0),
	population_year smallint check (population_year between 1861 and 2100),
	geom geometry(MultiPolygon, 4326) not null,
	check ((population is null) = (population_year is null))
);
create index municipality_geom_idx on public.municipality using gist (geom);

-- Regions, simplified, to draw land and sea on the offline basemap.
create table public.region (
	code text primary key check (code ~ '^[0-9]{2}$'),
	name text not null,
	geom geometry(MultiPolygon, 4326) not null
);
create index region_geom_idx on public.region using gist (geom);

-- Where every loaded dataset came from: shown as attribution and on the sources page.
create table public.data_source (
	id text primary key,
	title text not null,
	upstream text not null,
	version text not null,
	read_from text not null check (read_from in ('upstream', 'mirror')),
	sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
	licence text not null,
	attribution text not null,
	owner text not null
);

-- Which build of the geodata is loaded: the loader skips work when nothing changed.
create table public.dataset_load (
	id smallint primary key default 1 check (id = 1),
	province text not null check (province ~ '^[0-9]{3}$'),
	content_sha256 text not null,
	loaded_at timestamptz not null default now()
);

-- Row-level security: the atlas's reference data is public to read; only the service role
-- (and the owner that runs the loader) may write it.
alter table public.municipality enable row level security;
alter table public.region enable row level security;
alter table public.data_source enable row level security;
alter table public.dataset_load enable row level security;

create policy municipality_public_read on public.municipality for select to anon, authenticated using (true);
create policy region_public_read on public.region for select to anon, authenticated using (true);
create policy data_source_public_read on public.data_source for select to anon, authenticated using (true);

grant select on public.municipality, public.region, public.data_source to anon, authenticated;
grant all on public.municipality, public.region, public.data_source, public.dataset_load to service_role;
