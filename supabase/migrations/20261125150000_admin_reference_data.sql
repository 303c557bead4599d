-- Admins manage the plan's reference data: the names of the 8 ambiti and 6 guidelines (their
-- codes and slugs are the protocol's and stay fixed: only the name columns are granted).

grant update (name_it, name_en) on public.ambito to authenticated;
grant update (name_it, name_en) on public.guideline to authenticated;

create policy ambito_admin_update on public.ambito for update to authenticated
	using (public.atlas_role() = 'admin') with check (public.atlas_role() = 'admin');
create policy guideline_admin_update on public.guideline for update to authenticated
	using (public.atlas_role() = 'admin') with check (public.atlas_role() = 'admin');
