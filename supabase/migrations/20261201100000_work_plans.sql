-- The comitato operativo's quarterly work plan (protocol art. 5): every three months it proposes a
-- plan, articulated in phases and ambiti, which the cabina di regia adopts and the comitato then
-- carries out; at the quarter's end the cabina di regia closes it, recording for each milestone
-- whether it was done, done late or dropped, and the actual spend where a document gives it.
--
-- Roles: the comitato operativo is a role of its own, 'operativo' (it drafts; a planner draws
-- proposals, a different job); the cabina di regia is the reviewers. The rules of each step are
-- enforced here, whoever writes: a draft is edited only by the comitato, adoption and closing
-- only by reviewers, an adopted plan is frozen but for the closing records, a closed one for good.

alter table public.member drop constraint member_role_check;
alter table public.member add constraint member_role_check
	check (role in ('stakeholder', 'planner', 'operativo', 'reviewer', 'admin'));

create function public.is_operativo() returns boolean
language sql stable as $$
	select coalesce(public.atlas_role() in ('operativo', 'admin'), false)
$$;

create table public.work_plan (
	-- The quarter it plans: 2026-Q4 runs from 1 October to 31 December 2026.
	id text primary key check (id ~ '^20[0-9]{2}-Q[1-4]$'),
	starts_on date not null generated always as
		(make_date(substr(id, 1, 4)::int, (substr(id, 7, 1)::int - 1) * 3 + 1, 1)) stored,
	ends_on date not null generated always as
		((make_date(substr(id, 1, 4)::int, (substr(id, 7, 1)::int - 1) * 3 + 1, 1)
			+ interval '3 months' - interval '1 day')::date) stored,
	status text not null default 'draft' check (status in ('draft', 'adopted', 'closed')),
	summary_it text check (summary_it is null or char_length(summary_it) <= 4000),
	-- Optimistic concurrency: every save names the version it read; the trigger bumps it.
	version integer not null default 1,
	created_by uuid references public.member (user_id) on delete set null,
	created_at timestamptz not null default now(),
	adopted_by uuid references public.member (user_id) on delete set null,
	adopted_at timestamptz,
	closed_by uuid references public.member (user_id) on delete set null,
	closed_at timestamptz
);

-- A phase of the plan in one ambito.
create table public.work_plan_item (
	id uuid primary key default gen_random_uuid(),
	plan_id text not null references public.work_plan (id) on delete cascade,
	phase text not null check (char_length(btrim(phase)) between 1 and 200),
	ambito_code smallint not null references public.ambito (code),
	position smallint not null default 0
);
create index work_plan_item_plan_idx on public.work_plan_item (plan_id, position);

-- The interventions an item concerns, with the spend it expects and, at closing, the actual
-- spend with the document that gives it (unknown is null, never zero).
create table public.work_plan_intervention (
	item_id uuid not null references public.work_plan_item (id) on delete cascade,
	intervention_id text not null references public.intervention (id) on delete cascade,
	expected_spend_eur numeric(14, 2) check (expected_spend_eur >= 0),
	actual_spend_eur numeric(14, 2) check (actual_spend_eur >= 0),
	actual_spend_source text check (actual_spend_source is null or char_length(btrim(actual_spend_source)) between 1 and 500),
	check ((actual_spend_eur is null) = (actual_spend_source is null)),
	primary key (item_id, intervention_id)
);
create index work_plan_intervention_idx on public.work_plan_intervention (intervention_id);

create table public.work_plan_milestone (
	id uuid primary key default gen_random_uuid(),
	item_id uuid not null references public.work_plan_item (id) on delete cascade,
	intervention_id text references public.intervention (id) on delete set null,
	title text not null check (char_length(btrim(title)) between 1 and 300),
	due_on date not null,
	owner_body text not null check (char_length(btrim(owner_body)) between 1 and 200),
	outcome text check (outcome in ('done', 'late', 'dropped')),
	-- When it was done (done or late); a dropped milestone has no date.
	outcome_on date,
	outcome_note text check (outcome_note is null or char_length(outcome_note) <= 2000),
	position smallint not null default 0,
	check (outcome is null or outcome = 'dropped' or outcome_on is not null),
	check (outcome is not null or (outcome_on is null and outcome_note is null))
);
create index work_plan_milestone_item_idx on public.work_plan_milestone (item_id, position);
create index work_plan_milestone_intervention_idx on public.work_plan_milestone (intervention_id);

-- Every step, with who and when: created, edited (each save of a draft), adopted, closed.
create table public.work_plan_event (
	id bigint generated always as identity primary key,
	plan_id text not null references public.work_plan (id) on delete cascade,
	action text not null check (action in ('created', 'edited', 'adopted', 'closed')),
	actor uuid,
	actor_name text,
	at timestamptz not null default now()
);
create index work_plan_event_plan_idx on public.work_plan_event (plan_id, id);

create function public.guard_work_plan() returns trigger
language plpgsql as $$
begin
	if tg_op = 'INSERT' then
		if new.status <> 'draft' or not public.is_operativo() then
			raise exception 'only the comitato operativo drafts a work plan'
				using errcode = 'insufficient_privilege';
		end if;
		new.version := 1;
		new.created_by := auth.uid();
		new.adopted_by := null;
		new.adopted_at := null;
		new.closed_by := null;
		new.closed_at := null;
		return new;
	end if;
	if tg_op = 'DELETE' then
		if old.status <> 'draft' or not public.is_operativo() then
			raise exception 'only a draft is deleted, by the comitato operativo'
				using errcode = 'insufficient_privilege';
		end if;
		return old;
	end if;
	if new.version is distinct from old.version then
		raise exception 'work plan % was changed by someone else (version % is not %)', old.id, new.version, old.version
			using errcode = 'serialization_failure';
	end if;
	new.version := old.version + 1;
	-- Who created, adopted and closed it is written here, never by the caller.
	new.created_by := old.created_by;
	new.created_at := old.created_at;
	new.adopted_by := old.adopted_by;
	new.adopted_at := old.adopted_at;
	new.closed_by := old.closed_by;
	new.closed_at := old.closed_at;
	if old.status = 'closed' then
		raise exception 'work plan % is closed: nobody changes it', old.id using errcode = 'insufficient_privilege';
	elsif new.status = old.status then
		-- A save of the draft's content (summary, and the items saved with it).
		if old.status <> 'draft' or not public.is_operativo() then
			raise exception 'only the comitato operativo edits a draft work plan'
				using errcode = 'insufficient_privilege';
		end if;
	elsif old.status = 'draft' and new.status = 'adopted' and public.is_reviewer() then
		if new.summary_it is distinct from old.summary_it then
			raise exception 'adopting a plan does not change it' using errcode = 'insufficient_privilege';
		end if;
		new.adopted_by := auth.uid();
		new.adopted_at := now();
	elsif old.status = 'adopted' and new.status = 'closed' and public.is_reviewer() then
		if new.summary_it is distinct from old.summary_it then
			raise exception 'closing a plan does not change it' using errcode = 'insufficient_privilege';
		end if;
		if exists (select 1 from public.work_plan_milestone m join public.work_plan_item i on i.id = m.item_id
				where i.plan_id = old.id and m.outcome is null) then
			raise exception 'work plan % has milestones without an outcome', old.id using errcode = 'check_violation';
		end if;
		new.closed_by := auth.uid();
		new.closed_at := now();
	else
		raise exception 'moving a work plan from % to % is not allowed', old.status, new.status
			using errcode = 'insufficient_privilege';
	end if;
	return new;
end
$$;
create trigger work_plan_guard before insert or update or delete on public.work_plan
	for each row execute function public.guard_work_plan();

-- security definer: the history is written on behalf of whoever acts, who may not write it.
create function public.log_work_plan_event() returns trigger
language plpgsql security definer set search_path = public as $$
declare
	step text;
begin
	if tg_op = 'INSERT' then
		step := 'created';
	elsif new.status <> old.status then
		step := new.status;
	else
		step := 'edited';
	end if;
	insert into public.work_plan_event (plan_id, action, actor, actor_name)
	values (new.id, step, auth.uid(), public.member_name(auth.uid()));
	return null;
end
$$;
create trigger work_plan_history after insert or update on public.work_plan
	for each row execute function public.log_work_plan_event();

-- What an item, intervention line or milestone may change, by the state of its plan: a draft's
-- content is the comitato's; an adopted plan takes only the closing records, from reviewers; a
-- closed plan nothing. A milestone falls within its plan's quarter.
-- security definer: it sees the plan whatever the caller may read (the roles come from the
-- request's claims either way).
create function public.guard_work_plan_content() returns trigger
language plpgsql security definer set search_path = public as $$
declare
	row_new jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
	row_old jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
	item uuid := coalesce((row_new ->> 'item_id')::uuid, (row_old ->> 'item_id')::uuid);
	plan public.work_plan;
	closing_fields text[] := case tg_table_name
		when 'work_plan_milestone' then array['outcome', 'outcome_on', 'outcome_note']
		when 'work_plan_intervention' then array['actual_spend_eur', 'actual_spend_source']
		else array[]::text[] end;
begin
	if tg_table_name = 'work_plan_item' then
		select p.* into plan from public.work_plan p
			where p.id = coalesce(row_new ->> 'plan_id', row_old ->> 'plan_id');
	else
		select p.* into plan from public.work_plan p join public.work_plan_item i on i.plan_id = p.id
			where i.id = item;
	end if;
	if plan.id is null then
		-- The plan is being deleted (a draft, by the comitato): its content goes with it.
		return coalesce(new, old);
	end if;
	if plan.status = 'draft' then
		if not public.is_operativo() then
			raise exception 'only the comitato operativo edits a draft work plan'
				using errcode = 'insufficient_privilege';
		end if;
		if tg_op <> 'DELETE' and array_length(closing_fields, 1) > 0
			and exists (select 1 from unnest(closing_fields) f where row_new ->> f is not null) then
			raise exception 'outcomes and actual spend are recorded when the quarter closes'
				using errcode = 'check_violation';
		end if;
	elsif plan.status = 'adopted' then
		if tg_op <> 'UPDATE' or not public.is_reviewer()
			or exists (select 1 from jsonb_each(row_new) n join jsonb_each(row_old) o using (key)
				where n.value is distinct from o.value and not (n.key = any(closing_fields))) then
			raise exception 'work plan % is adopted: only the cabina di regia records its outcomes', plan.id
				using errcode = 'insufficient_privilege';
		end if;
	else
		raise exception 'work plan % is closed: nobody changes it', plan.id using errcode = 'insufficient_privilege';
	end if;
	if tg_table_name = 'work_plan_milestone' and tg_op <> 'DELETE'
		and ((row_new ->> 'due_on')::date < plan.starts_on or (row_new ->> 'due_on')::date > plan.ends_on) then
		raise exception 'milestone due % is outside quarter % (% to %)', row_new ->> 'due_on', plan.id,
			plan.starts_on, plan.ends_on
			using errcode = 'check_violation', constraint = 'work_plan_milestone_in_quarter';
	end if;
	return coalesce(new, old);
end
$$;
create trigger work_plan_item_guard before insert or update or delete on public.work_plan_item
	for each row execute function public.guard_work_plan_content();
create trigger work_plan_intervention_guard before insert or update or delete on public.work_plan_intervention
	for each row execute function public.guard_work_plan_content();
create trigger work_plan_milestone_guard before insert or update or delete on public.work_plan_milestone
	for each row execute function public.guard_work_plan_content();

alter table public.work_plan enable row level security;
alter table public.work_plan_item enable row level security;
alter table public.work_plan_intervention enable row level security;
alter table public.work_plan_milestone enable row level security;
alter table public.work_plan_event enable row level security;

-- Anyone reads adopted and closed plans; drafts only the comitato and the cabina di regia.
create policy work_plan_read on public.work_plan for select to anon, authenticated
	using (status <> 'draft' or public.is_operativo() or public.is_reviewer());
create policy work_plan_write on public.work_plan for all to authenticated
	using (public.is_operativo() or public.is_reviewer())
	with check (public.is_operativo() or public.is_reviewer());
-- The content follows its plan: visible when the plan is (the policy above applies inside).
create policy work_plan_item_read on public.work_plan_item for select to anon, authenticated
	using (exists (select 1 from public.work_plan p where p.id = plan_id));
create policy work_plan_item_write on public.work_plan_item for all to authenticated
	using (public.is_operativo() or public.is_reviewer())
	with check (public.is_operativo() or public.is_reviewer());
create policy work_plan_intervention_read on public.work_plan_intervention for select to anon, authenticated
	using (exists (select 1 from public.work_plan_item i where i.id = item_id));
create policy work_plan_intervention_write on public.work_plan_intervention for all to authenticated
	using (public.is_operativo() or public.is_reviewer())
	with check (public.is_operativo() or public.is_reviewer());
create policy work_plan_milestone_read on public.work_plan_milestone for select to anon, authenticated
	using (exists (select 1 from public.work_plan_item i where i.id = item_id));
create policy work_plan_milestone_write on public.work_plan_milestone for all to authenticated
	using (public.is_operativo() or public.is_reviewer())
	with check (public.is_operativo() or public.is_reviewer());
create policy work_plan_event_read on public.work_plan_event for select to anon, authenticated
	using (exists (select 1 from public.work_plan p where p.id = plan_id));

grant select on public.work_plan, public.work_plan_item, public.work_plan_intervention,
	public.work_plan_milestone, public.work_plan_event to anon, authenticated;
grant insert, update, delete on public.work_plan, public.work_plan_item,
	public.work_plan_intervention, public.work_plan_milestone to authenticated;
grant all on public.work_plan, public.work_plan_item, public.work_plan_intervention,
	public.work_plan_milestone, public.work_plan_event to service_role;

-- Adopted and closed plans are public answers: their changes give the data a new version.
do $$
declare
	t text;
begin
	foreach t in array array['work_plan', 'work_plan_item', 'work_plan_intervention', 'work_plan_milestone']
	loop
		execute format('create trigger %I after insert or update or delete or truncate on public.%I
			for each statement execute function public.bump_data_version()', t || '_data_version', t);
	end loop;
end
$$;
