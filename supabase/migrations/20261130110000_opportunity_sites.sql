-- The opportunity finder's static inputs, one row per municipality, technology pole and district:
-- what it compares that changes only when the geodata is loaded (sectors, members, nearest station
-- and its distance, the point it is drawn at). Filled by refresh_opportunity_sites() in the load's
-- own transaction, so a request reads rows instead of measuring every candidate against the
-- stations; only the interventions under way are counted per request (they change at run time).

create table public.opportunity_site (
	kind text not null check (kind in ('municipality', 'technology-pole', 'district')),
	id text not null,
	name text not null,
	-- Sectors of the districts it belongs to (a district: its own).
	sectors text[] not null,
	-- ISTAT codes of the municipalities it lies in (a municipality: itself).
	municipalities text[] not null,
	-- The layer an intervention names it by (intervention_feature); null for a municipality.
	layer_id text,
	-- Null only when the province has no station at all.
	nearest_station text,
	-- Geodesic km to the nearest station of the province: from a pole's point, from an area's
	-- boundary, 0 when a station lies within the area.
	station_km double precision check (station_km >= 0),
	-- Where the result is drawn: the pole's point, or a point inside the area.
	point geometry(Point, 4326) not null,
	primary key (kind, id)
);

-- Measures every station of the province (brute force: a few dozen stations, once per load), on
-- the ellipsoid. Among stations at the same distance (several within an area, all at 0 km) it
-- names the one nearest the point the result is drawn at, then the first by name: always the
-- same answer for the same data.
create function public.refresh_opportunity_sites() returns void
language sql
set search_path = public
as $$
	delete from public.opportunity_site;
	insert into public.opportunity_site
		(kind, id, name, sectors, municipalities, layer_id, nearest_station, station_km, point)
	with district as (
		select feature_id, name, properties ->> 'sector' as sector, municipalities, geom
		from public.layer_feature where kind = 'district'
	),
	candidate as (
		select 'municipality' as kind, m.istat as id, m.name, m.geom, array[m.istat] as municipalities,
			coalesce((select array_agg(distinct d.sector) from district d where m.istat = any(d.municipalities)), '{}') as sectors,
			null::text as layer_id
		from public.municipality m
		union all
		select 'technology-pole', f.feature_id, f.name, f.geom, f.municipalities,
			coalesce((select array_agg(distinct d.sector) from district d where d.municipalities && f.municipalities), '{}'),
			f.layer_id
		from public.layer_feature f where f.kind = 'technology-pole'
		union all
		select 'district', d.feature_id, d.name, d.geom, d.municipalities, array[d.sector], 'districts'
		from district d
	),
	placed as (
		select c.*, case when GeometryType(c.geom) = 'POINT' then c.geom else ST_PointOnSurface(c.geom) end as point
		from candidate c
	)
	select p.kind, p.id, p.name, p.sectors, p.municipalities, p.layer_id, nearest.name,
		(nearest.distance / 1000)::float8, p.point
	from placed p
	left join lateral (
		select s.name, ST_Distance(s.geom::geography, p.geom::geography) as distance
		from public.layer_feature s where s.kind = 'station'
		order by distance, ST_Distance(s.geom::geography, p.point::geography), s.name, s.feature_id
		limit 1
	) nearest on true;
$$;

-- Only the data load refills it (as the table's owner), never the API roles (Supabase grants
-- them new functions by default).
revoke execute on function public.refresh_opportunity_sites() from public, anon, authenticated;

-- The interventions under way, looked up per candidate on every request.
create index intervention_under_way_idx on public.intervention (id)
	where status in ('financed', 'in_progress');

alter table public.opportunity_site enable row level security;
create policy opportunity_site_public_read on public.opportunity_site for select to anon, authenticated using (true);
grant select on public.opportunity_site to anon, authenticated;
grant all on public.opportunity_site to service_role;

-- A database loaded before this migration: fill it now (the data load skips an unchanged build).
select public.refresh_opportunity_sites();
