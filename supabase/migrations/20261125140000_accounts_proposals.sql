-- Accounts, roles and the planners' proposals, with authorisation in row-level security so the
-- same rules hold on the embedded engine, on PostgreSQL and on Supabase (also for clients that
-- use Supabase's REST API directly).

-- Supabase's auth helpers read the request's JWT claims from a setting; where they are missing
-- (plain PostgreSQL, PGlite) the same helpers are created, so policies mean the same everywhere.
-- The server sets the claims per transaction: set_config('request.jwt.claims', '{"sub": …}', true).
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

do $$
begin
	if to_regprocedure('auth.jwt()') is null then
		create function auth.jwt() returns jsonb
		language sql stable as $f$
			select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
		$f$;
	end if;
	if to_regprocedure('auth.uid()') is null then
		create function auth.uid() returns uuid
		language sql stable as $f$
			select nullif(auth.jwt() ->> 'sub', '')::uuid
		$f$;
	end if;
end
$$;

-- Who a signed-in person is in the plan: their organisation and role. On Supabase the id is the
-- auth.users id; in embedded mode, the local account's id (public.local_account).
create table public.member (
	user_id uuid primary key,
	email text not null unique check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
	display_name text not null check (length(trim(display_name)) between 1 and 120),
	organisation text check (length(organisation) <= 200),
	role text not null check (role in ('stakeholder', 'planner', 'reviewer', 'admin')),
	created_at timestamptz not null default now()
);

-- The role of the person making the request; null for anonymous visitors and unknown users.
-- security definer: policies may ask it without granting everybody read access to member.
create function public.atlas_role() returns text
language sql stable security definer set search_path = public as $$
	select role from public.member where user_id = auth.uid()
$$;

-- The name a proposal or comment is signed with: public with the proposal, unlike the rest of
-- the member's row (email, role).
create function public.member_name(id uuid) returns text
language sql stable security definer set search_path = public as $$
	select display_name from public.member where user_id = id
$$;
grant execute on function public.member_name(uuid) to anon, authenticated;

create function public.is_reviewer() returns boolean
language sql stable as $$
	select coalesce(public.atlas_role() in ('reviewer', 'admin'), false)
$$;

-- Local accounts of the embedded mode: the password hash is made by the server with a
-- well-kept library (scrypt via node:crypto); only the server role reads this table.
create table public.local_account (
	user_id uuid primary key references public.member (user_id) on delete cascade,
	password_hash text not null,
	created_at timestamptz not null default now()
);

create table public.proposal (
	id uuid primary key default gen_random_uuid(),
	title text not null check (length(trim(title)) between 1 and 200),
	description text check (length(description) <= 10000),
	geom geometry(Geometry, 4326) not null check (ST_IsValid(geom) and ST_NPoints(geom) <= 10000),
	primary_ambito smallint references public.ambito (code),
	guidelines smallint[] not null default '{}',
	estimated_cost_eur numeric(16, 2) check (estimated_cost_eur >= 0),
	cost_basis text check (length(cost_basis) <= 2000),
	funding_hypotheses text check (length(funding_hypotheses) <= 2000),
	start_date text check (start_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
	end_date text check (end_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
	proponent_id uuid not null default auth.uid() references public.member (user_id),
	organisation text check (length(organisation) <= 200),
	-- The impact analysis computed by PostGIS when saved (municipalities, nearby features…).
	impact jsonb not null default '{}'::jsonb,
	status text not null default 'draft'
		check (status in ('draft', 'submitted', 'under_review', 'adopted', 'rejected')),
	rejection_reason text check (length(rejection_reason) <= 2000),
	intervention_id text references public.intervention (id) on delete set null,
	-- Optimistic concurrency: every update must name the version it read; the trigger bumps it.
	version integer not null default 1,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	-- coalesce: a check passes on null, and a missing reason must not.
	check (status <> 'rejected' or coalesce(length(trim(rejection_reason)), 0) > 0),
	check (estimated_cost_eur is null or cost_basis is not null)
);
create index proposal_geom_idx on public.proposal using gist (geom);
create index proposal_proponent_idx on public.proposal (proponent_id);

create table public.proposal_transition (
	id bigint generated always as identity primary key,
	proposal_id uuid not null references public.proposal (id) on delete cascade,
	from_status text,
	to_status text not null,
	changed_by uuid,
	changed_at timestamptz not null default now(),
	reason text
);

create table public.proposal_comment (
	id bigint generated always as identity primary key,
	proposal_id uuid not null references public.proposal (id) on delete cascade,
	author_id uuid not null default auth.uid() references public.member (user_id),
	body text not null check (length(trim(body)) between 1 and 4000),
	created_at timestamptz not null default now()
);

-- Who may move a proposal where: the proponent submits their draft; reviewers take it under
-- review and adopt or reject it. Anything else is refused, whatever the policies allow.
create function public.guard_proposal() returns trigger
language plpgsql as $$
declare
	reviewer boolean := public.is_reviewer();
begin
	if tg_op = 'INSERT' then
		if new.status not in ('draft', 'submitted') then
			raise exception 'a new proposal is a draft or submitted, not %', new.status
				using errcode = 'check_violation';
		end if;
		new.version := 1;
		return new;
	end if;
	if new.version is distinct from old.version then
		raise exception 'proposal % was changed by someone else (version % is not %)', old.id, new.version, old.version
			using errcode = 'serialization_failure';
	end if;
	new.version := old.version + 1;
	new.updated_at := now();
	new.proponent_id := old.proponent_id;
	if new.status is distinct from old.status then
		if not (
			(old.status = 'draft' and new.status = 'submitted' and old.proponent_id = auth.uid())
			or (reviewer and old.status = 'submitted' and new.status = 'under_review')
			or (reviewer and old.status = 'under_review' and new.status in ('adopted', 'rejected'))
		) then
			raise exception 'moving a proposal from % to % is not allowed', old.status, new.status
				using errcode = 'insufficient_privilege';
		end if;
	end if;
	return new;
end
$$;

create trigger proposal_guard
	before insert or update on public.proposal
	for each row execute function public.guard_proposal();

-- Every transition is recorded with who and when; the table has no insert policy: only this
-- trigger (security definer) writes it.
create function public.record_proposal_transition() returns trigger
language plpgsql security definer set search_path = public as $$
begin
	if tg_op = 'INSERT' or new.status is distinct from old.status then
		insert into public.proposal_transition (proposal_id, from_status, to_status, changed_by, reason)
		values (new.id, case when tg_op = 'UPDATE' then old.status end, new.status, auth.uid(),
			case when new.status = 'rejected' then new.rejection_reason end);
	end if;
	return null;
end
$$;

create trigger proposal_transitions
	after insert or update on public.proposal
	for each row execute function public.record_proposal_transition();

alter table public.member enable row level security;
alter table public.local_account enable row level security;
alter table public.proposal enable row level security;
alter table public.proposal_transition enable row level security;
alter table public.proposal_comment enable row level security;

-- A member sees their own row; reviewers and admins see everyone (to know who proposed what).
create policy member_read on public.member for select to authenticated
	using (user_id = auth.uid() or public.is_reviewer());
create policy member_admin on public.member for all to authenticated
	using (public.atlas_role() = 'admin') with check (public.atlas_role() = 'admin');

-- Adopted and rejected proposals are public; drafts only to their proponent; submitted ones and
-- those under review to every member of the process (stakeholders comment on them).
create policy proposal_read on public.proposal for select to anon, authenticated
	using (
		status in ('adopted', 'rejected')
		or proponent_id = auth.uid()
		or (status <> 'draft' and public.atlas_role() is not null)
	);
create policy proposal_insert on public.proposal for insert to authenticated
	with check (
		proponent_id = auth.uid()
		and public.atlas_role() in ('stakeholder', 'planner', 'reviewer', 'admin')
	);
-- Proponents edit their own drafts (and submit them); reviewers handle submitted proposals.
create policy proposal_update_own on public.proposal for update to authenticated
	using (proponent_id = auth.uid() and status = 'draft')
	with check (proponent_id = auth.uid() and status in ('draft', 'submitted'));
create policy proposal_update_review on public.proposal for update to authenticated
	using (public.is_reviewer() and status in ('submitted', 'under_review'))
	with check (public.is_reviewer());
create policy proposal_delete_own on public.proposal for delete to authenticated
	using (proponent_id = auth.uid() and status = 'draft');

create policy proposal_transition_read on public.proposal_transition for select to anon, authenticated
	using (exists (select 1 from public.proposal p where p.id = proposal_id));

-- Comments are read with their proposal; anyone with a role who can see a non-draft proposal
-- may comment on it.
create policy proposal_comment_read on public.proposal_comment for select to anon, authenticated
	using (exists (select 1 from public.proposal p where p.id = proposal_id));
create policy proposal_comment_insert on public.proposal_comment for insert to authenticated
	with check (
		author_id = auth.uid()
		and public.atlas_role() is not null
		and exists (select 1 from public.proposal p where p.id = proposal_id and p.status <> 'draft')
	);

grant select on public.proposal, public.proposal_transition, public.proposal_comment to anon;
grant select, insert, update, delete on public.proposal to authenticated;
grant select on public.proposal_transition, public.member to authenticated;
grant select, insert on public.proposal_comment to authenticated;
grant insert, update, delete on public.member to authenticated;
grant all on public.member, public.local_account, public.proposal, public.proposal_transition,
	public.proposal_comment to service_role;

-- Reviewers edit interventions (adopting a proposal creates one); everyone else only reads them.
create policy intervention_review_write on public.intervention for all to authenticated
	using (public.is_reviewer()) with check (public.is_reviewer());
grant insert, update on public.intervention to authenticated;
do $$
declare
	t text;
begin
	foreach t in array array['intervention_ambito', 'intervention_guideline', 'intervention_municipality',
		'intervention_feature', 'funding_line']
	loop
		execute format('create policy %I on public.%I for all to authenticated using (public.is_reviewer()) with check (public.is_reviewer())',
			t || '_review_write', t);
		execute format('grant insert, update, delete on public.%I to authenticated', t);
	end loop;
end
$$;

-- The history triggers write on behalf of whoever changes an intervention (a reviewer too).
alter function public.log_intervention_change() security definer set search_path = public;
alter function public.log_funding_change() security definer set search_path = public;

-- Sessions of the embedded mode: only a hash of the cookie's token is stored; only the server
-- (table owner) reads them, so no policy is granted to the API roles.
create table public.local_session (
	token_hash text primary key,
	user_id uuid not null references public.member (user_id) on delete cascade,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null
);
alter table public.local_session enable row level security;
