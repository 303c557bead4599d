-- Features of the thematic layers (technology poles, Puccini places, railways, bottlenecks,
-- districts…): every row carries its public source, the source's date, licence, precision and
-- owner, so the atlas can always say where a feature comes from and how exactly it is placed.

create table public.layer_feature (
	layer_id text not null references public.layer (id) on delete cascade,
	feature_id text not null check (feature_id ~ '^[a-z0-9][a-z0-9-]*$'),
	kind text not null,
	name text not null check (length(trim(name)) > 0),
	properties jsonb not null default '{}'::jsonb,
	source text not null check (length(trim(source)) > 0),
	-- null: the source gives no date.
	source_date text check (source_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
	licence text not null,
	precision text not null check (precision ~ '^(surveyed|address-level|schematic|estimated ±[0-9]+ m)$'),
	owner text not null,
	municipalities text[] not null default '{}',
	geom geometry(Geometry, 4326) not null,
	primary key (layer_id, feature_id)
);
create index layer_feature_geom_idx on public.layer_feature using gist (geom);

alter table public.layer_feature enable row level security;
create policy layer_feature_public_read on public.layer_feature for select to anon, authenticated using (true);
grant select on public.layer_feature to anon, authenticated;
grant all on public.layer_feature to service_role;
