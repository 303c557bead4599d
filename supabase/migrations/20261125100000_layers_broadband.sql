-- The layer catalogue: what each thematic layer is, where it comes from, how precise it is and
-- what it leaves out (curated in geodata/layers.json, loaded by the geodata loader).
create table public.layer (
	id text primary key check (id ~ '^[a-z][a-z0-9-]*$'),
	theme text not null,
	sort_order integer not null,
	title jsonb not null check (title ? 'it' and title ? 'en'),
	description jsonb not null check (description ? 'it' and description ? 'en'),
	method jsonb not null check (method ? 'it' and method ? 'en'),
	gaps jsonb not null check (gaps ? 'it' and gaps ? 'en'),
	precision text not null,
	licence text not null,
	sources jsonb not null check (jsonb_array_length(sources) > 0),
	data_date date
);
alter table public.layer enable row level security;
create policy layer_public_read on public.layer for select to anon, authenticated using (true);
grant select on public.layer to anon, authenticated;
grant all on public.layer to service_role;

-- AGCOM Broadband Map: per-municipality coverage, one row per municipality and snapshot.
-- Figures are stored as the report gives them (null where it leaves the cell empty); shares and
-- changes are computed when read, with the reliability rule in src/lib/geodata/agcom.ts.

create table public.broadband_snapshot (
	snapshot date primary key,
	file text not null,
	upstream text not null,
	sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$')
);

create table public.broadband_coverage (
	istat text not null references public.municipality (istat) on delete cascade,
	snapshot date not null references public.broadband_snapshot (snapshot) on delete cascade,
	cells_fixed integer check (cells_fixed >= 0),
	addresses_fixed integer check (addresses_fixed >= 0),
	cells_ftth integer check (cells_ftth >= 0),
	addresses_ftth integer check (addresses_ftth >= 0),
	cells_fttc integer check (cells_fttc >= 0),
	households_resident integer check (households_resident >= 0),
	households_ftth integer check (households_ftth >= 0),
	primary key (istat, snapshot)
);

alter table public.broadband_snapshot enable row level security;
alter table public.broadband_coverage enable row level security;
create policy broadband_snapshot_public_read on public.broadband_snapshot for select to anon, authenticated using (true);
create policy broadband_coverage_public_read on public.broadband_coverage for select to anon, authenticated using (true);
grant select on public.broadband_snapshot, public.broadband_coverage to anon, authenticated;
grant all on public.broadband_snapshot, public.broadband_coverage to service_role;
