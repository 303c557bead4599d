-- Layer features on the ellipsoid, kept: a proposal's impact measures geodesic distances to them
-- on every save, and converting each feature (a district is hundreds of vertices) on every
-- query cost more than the measuring. The index lets ST_DWithin skip the far ones by their box.
alter table public.layer_feature
	add column geog geography generated always as (geom::geography) stored;
create index layer_feature_geog_idx on public.layer_feature using gist (geog);
