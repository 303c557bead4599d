-- Listening to the territory (protocol art. 2: "information and listening towards every
-- stakeholder ... to receive requests, observations and proposals in a participatory process").
-- A stakeholder places an observation on the map; members support and comment on observations,
-- proposals and interventions; moderators hide what breaks the rules, with a reason from a fixed
-- list, and every such step stays in the audit log with who and when.
--
-- Roles: 'moderator' is a role of its own (it hides and restores, nothing else); reviewers and
-- admins moderate too. Texts are plain text: anything that looks like markup is refused here as
-- well as by the server, so no reader ever receives HTML written by someone else.

alter table public.member drop constraint member_role_check;
alter table public.member add constraint member_role_check
	check (role in ('stakeholder', 'planner', 'operativo', 'moderator', 'reviewer', 'admin'));

create function public.is_moderator() returns boolean
language sql stable as $$
	select coalesce(public.atlas_role() in ('moderator', 'reviewer', 'admin'), false)
$$;

-- Plain text: no tag-like sequence ("<b", "</", "<!", "<?"), no NUL, within its length.
create function public.is_plain_text(value text, max_length integer) returns boolean
language sql immutable as $$
	select value is not null and char_length(btrim(value)) between 1 and max_length
		and value !~ '<[A-Za-z/!?]'
$$;

-- Whether an item is hidden changes only inside moderate_item, which records the step.
create function public.check_visibility_change(before boolean, after boolean) returns void
language plpgsql as $$
begin
	if after is distinct from before
		and current_setting('atlas.moderating', true) is distinct from 'on' then
		raise exception 'visibility changes only by moderation' using errcode = 'insufficient_privilege';
	end if;
end
$$;

-- The categories a stakeholder picks from, each suggesting the ambito it belongs to.
create table public.observation_category (
	code text primary key check (code ~ '^[a-z_]+$'),
	ambito_code smallint references public.ambito (code),
	name_it text not null,
	name_en text not null,
	position smallint not null
);
insert into public.observation_category (code, ambito_code, name_it, name_en, position) values
	('infrastructure', 1, 'Infrastrutture e trasporti', 'Infrastructure and transport', 1),
	('broadband', 3, 'Banda ultralarga e digitale', 'Broadband and digital', 2),
	('environment', 2, 'Ambiente', 'Environment', 3),
	('business', 5, 'Esigenze delle imprese', 'Business needs', 4),
	('tourism', 6, 'Turismo e cultura', 'Tourism and culture', 5),
	('other', null, 'Altro', 'Other', 6);

-- The reasons a moderator may give, with free text beside.
create table public.moderation_reason (
	code text primary key check (code ~ '^[a-z_]+$'),
	name_it text not null,
	name_en text not null,
	position smallint not null
);
insert into public.moderation_reason (code, name_it, name_en, position) values
	('offensive', 'Linguaggio offensivo o discriminatorio', 'Offensive or discriminatory language', 1),
	('personal_data', 'Dati personali di terzi', 'Personal data of others', 2),
	('spam', 'Pubblicità o messaggi ripetuti', 'Advertising or repeated messages', 3),
	('off_topic', 'Non riguarda il Piano né il territorio', 'Not about the Plan or the territory', 4),
	('illegal', 'Contenuto illecito', 'Unlawful content', 5);

create table public.observation (
	id uuid primary key default gen_random_uuid(),
	title text not null check (public.is_plain_text(title, 200)),
	body text not null check (public.is_plain_text(body, 5000)),
	category text not null references public.observation_category (code),
	geom geometry(Geometry, 4326) not null
		check (ST_IsValid(geom) and ST_NPoints(geom) <= 10000
			and GeometryType(geom) in ('POINT', 'LINESTRING', 'POLYGON')),
	author_id uuid not null default auth.uid() references public.member (user_id),
	organisation text check (organisation is null or public.is_plain_text(organisation, 200)),
	-- What the atlas found around it when saved (municipalities, layers and interventions nearby).
	impact jsonb not null default '{}'::jsonb,
	-- open: nobody has acted on it; in_proposal: a reviewer turned it into a proposal draft;
	-- answered: the cabina di regia answered it.
	status text not null default 'open' check (status in ('open', 'in_proposal', 'answered')),
	answer text check (answer is null or public.is_plain_text(answer, 5000)),
	proposal_id uuid references public.proposal (id) on delete set null,
	hidden boolean not null default false,
	version integer not null default 1,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (status <> 'in_proposal' or proposal_id is not null),
	check (status <> 'answered' or answer is not null)
);
create index observation_geom_idx on public.observation using gist (geom);
create index observation_author_idx on public.observation (author_id);
create index observation_category_idx on public.observation (category, created_at desc);

-- The proposal an observation became, seen from the proposal.
alter table public.proposal add column observation_id uuid references public.observation (id) on delete set null;

-- An observation lies in the province: it meets at least one municipality. The author edits it
-- for 30 minutes after posting (title, text, category, place), then it is the record; the status,
-- answer and link are the reviewers', visibility the moderators' (through moderate_item).
create function public.guard_observation() returns trigger
language plpgsql as $$
begin
	if tg_op = 'INSERT' or new.geom is distinct from old.geom then
		if not exists (select 1 from public.municipality m where ST_Intersects(m.geom, new.geom)) then
			raise exception 'the observation lies outside the province'
				using errcode = 'check_violation', constraint = 'observation_in_province';
		end if;
	end if;
	if tg_op = 'UPDATE' then
		if new.version <> old.version then
			raise exception 'the observation changed since it was read'
				using errcode = 'serialization_failure';
		end if;
		if (new.status, new.answer, new.proposal_id) is distinct from (old.status, old.answer, old.proposal_id)
			and not public.is_reviewer()
			and current_setting('atlas.moderating', true) is distinct from 'on' then
			raise exception 'only the cabina di regia answers an observation or takes it into a proposal'
				using errcode = 'insufficient_privilege';
		end if;
		perform public.check_visibility_change(old.hidden, new.hidden);
		new.version := old.version + 1;
		new.updated_at := now();
	end if;
	return new;
end
$$;
create trigger observation_guard before insert or update on public.observation
	for each row execute function public.guard_observation();

-- Supports: one per account per item, held by the primary key (never by a check in code).
create table public.support (
	item_kind text not null check (item_kind in ('observation', 'proposal', 'intervention')),
	item_id text not null check (char_length(item_id) between 1 and 80),
	member_id uuid not null default auth.uid() references public.member (user_id) on delete cascade,
	created_at timestamptz not null default now(),
	primary key (item_kind, item_id, member_id)
);
create index support_member_idx on public.support (member_id);

-- Comments, threaded one level: a reply answers a comment that answers nothing.
create table public.comment (
	id bigint generated always as identity primary key,
	item_kind text not null check (item_kind in ('observation', 'proposal', 'intervention')),
	item_id text not null check (char_length(item_id) between 1 and 80),
	parent_id bigint references public.comment (id) on delete cascade,
	author_id uuid not null default auth.uid() references public.member (user_id),
	body text not null check (public.is_plain_text(body, 4000)),
	hidden boolean not null default false,
	created_at timestamptz not null default now()
);
create index comment_item_idx on public.comment (item_kind, item_id, id);

-- The item a support or comment names must exist and be one its author can see; a reply's parent
-- must be a top-level comment on the same item.
create function public.item_visible(kind text, item text) returns boolean
language plpgsql stable as $$
begin
	if kind = 'observation' then
		return exists (select 1 from public.observation o where o.id::text = item);
	elsif kind = 'proposal' then
		return exists (select 1 from public.proposal p where p.id::text = item and p.status <> 'draft');
	else
		return exists (select 1 from public.intervention i where i.id = item);
	end if;
end
$$;

create function public.guard_comment() returns trigger
language plpgsql as $$
declare
	parent public.comment;
begin
	if tg_op = 'UPDATE' then
		if (new.body, new.item_kind, new.item_id, new.parent_id, new.author_id)
			is distinct from (old.body, old.item_kind, old.item_id, old.parent_id, old.author_id) then
			raise exception 'a comment is not edited' using errcode = 'insufficient_privilege';
		end if;
		perform public.check_visibility_change(old.hidden, new.hidden);
		return new;
	end if;
	if new.parent_id is not null then
		select * into parent from public.comment c where c.id = new.parent_id;
		if parent.id is null or parent.parent_id is not null
			or (parent.item_kind, parent.item_id) is distinct from (new.item_kind, new.item_id) then
			raise exception 'a reply answers a top-level comment on the same item'
				using errcode = 'check_violation', constraint = 'comment_one_level';
		end if;
	end if;
	return new;
end
$$;
create trigger comment_guard before insert or update on public.comment
	for each row execute function public.guard_comment();

-- Every moderation step: what, which action, the reason and note, who and when. Kept for good.
create table public.moderation_event (
	id bigint generated always as identity primary key,
	item_kind text not null check (item_kind in ('observation', 'comment')),
	item_id text not null,
	action text not null check (action in ('hide', 'restore')),
	reason text references public.moderation_reason (code),
	note text check (note is null or public.is_plain_text(note, 2000)),
	moderator_id uuid not null,
	at timestamptz not null default now(),
	check (action <> 'hide' or reason is not null)
);
create index moderation_event_item_idx on public.moderation_event (item_kind, item_id, at);

-- Hides or restores an observation or comment, recording the step; only moderators. security
-- definer: a moderator changes visibility without the right to edit the item itself.
create function public.moderate_item(kind text, item text, act text, why text, note text)
returns void
language plpgsql security definer set search_path = public as $$
declare
	changed integer;
begin
	if not public.is_moderator() then
		raise exception 'only moderators hide or restore' using errcode = 'insufficient_privilege';
	end if;
	perform set_config('atlas.moderating', 'on', true);
	if kind = 'observation' then
		update public.observation set hidden = (act = 'hide'), version = version where id::text = item;
	elsif kind = 'comment' then
		update public.comment set hidden = (act = 'hide') where id::text = item;
	else
		raise exception 'unknown kind %', kind using errcode = 'check_violation';
	end if;
	get diagnostics changed = row_count;
	perform set_config('atlas.moderating', 'off', true);
	if changed = 0 then
		raise exception 'nothing to moderate' using errcode = 'no_data_found';
	end if;
	insert into public.moderation_event (item_kind, item_id, action, reason, note, moderator_id)
		values (kind, item, act, why, nullif(btrim(note), ''), auth.uid());
end
$$;
revoke all on function public.moderate_item(text, text, text, text, text) from public;
grant execute on function public.moderate_item(text, text, text, text, text) to authenticated;

-- "Novità": what happened to a member's items, listed on the site (no e-mail needed).
create table public.notification (
	id bigint generated always as identity primary key,
	member_id uuid not null references public.member (user_id) on delete cascade,
	kind text not null check (kind in ('comment', 'support', 'moderation', 'status', 'new_observation')),
	item_kind text not null,
	item_id text not null,
	actor_id uuid,
	created_at timestamptz not null default now(),
	read_at timestamptz
);
create index notification_member_idx on public.notification (member_id, id desc);

-- The author of a commented, supported or moderated item hears of it; reviewers hear of every
-- new observation. security definer: the trigger writes other members' lists.
create function public.notify_members() returns trigger
language plpgsql security definer set search_path = public as $$
declare
	author uuid;
begin
	if tg_table_name = 'observation' then
		insert into public.notification (member_id, kind, item_kind, item_id, actor_id)
			select m.user_id, 'new_observation', 'observation', new.id::text, new.author_id
			from public.member m where m.role in ('reviewer', 'moderator') and m.user_id <> new.author_id;
		return null;
	end if;
	if tg_table_name = 'moderation_event' then
		if new.item_kind = 'observation' then
			select author_id into author from public.observation where id::text = new.item_id;
		else
			select author_id into author from public.comment where id::text = new.item_id;
		end if;
		if author is not null then
			insert into public.notification (member_id, kind, item_kind, item_id, actor_id)
				values (author, 'moderation', new.item_kind, new.item_id, new.moderator_id);
		end if;
		return null;
	end if;
	if new.item_kind = 'observation' then
		select author_id into author from public.observation where id::text = new.item_id;
	elsif new.item_kind = 'proposal' then
		select proponent_id into author from public.proposal where id::text = new.item_id;
	end if;
	if author is not null and author <> coalesce(auth.uid(), '00000000-0000-0000-0000-000000000000') then
		insert into public.notification (member_id, kind, item_kind, item_id, actor_id)
			values (author, case tg_table_name when 'comment' then 'comment' else 'support' end,
				new.item_kind, new.item_id, auth.uid());
	end if;
	return null;
end
$$;
create trigger observation_notify after insert on public.observation
	for each row execute function public.notify_members();
create trigger comment_notify after insert on public.comment
	for each row execute function public.notify_members();
create trigger support_notify after insert on public.support
	for each row execute function public.notify_members();
create trigger moderation_notify after insert on public.moderation_event
	for each row execute function public.notify_members();

alter table public.observation_category enable row level security;
alter table public.moderation_reason enable row level security;
alter table public.observation enable row level security;
alter table public.support enable row level security;
alter table public.comment enable row level security;
alter table public.moderation_event enable row level security;
alter table public.notification enable row level security;

create policy observation_category_read on public.observation_category for select to anon, authenticated using (true);
create policy moderation_reason_read on public.moderation_reason for select to anon, authenticated using (true);

-- Visible observations are public; hidden ones to their author (who sees why) and moderators.
create policy observation_read on public.observation for select to anon, authenticated
	using (not hidden or author_id = auth.uid() or public.is_moderator());
create policy observation_insert on public.observation for insert to authenticated
	with check (author_id = auth.uid() and public.atlas_role() is not null and not hidden
		and status = 'open' and proposal_id is null and answer is null);
-- The author, for 30 minutes; the cabina di regia, to answer or link; moderators via moderate_item.
create policy observation_update_own on public.observation for update to authenticated
	using (author_id = auth.uid() and not hidden and created_at > now() - interval '30 minutes')
	with check (author_id = auth.uid());
create policy observation_update_review on public.observation for update to authenticated
	using (public.is_reviewer()) with check (public.is_reviewer());
create policy observation_update_moderation on public.observation for update to authenticated
	using (public.is_moderator()) with check (public.is_moderator());

create policy support_read on public.support for select to anon, authenticated using (true);
create policy support_insert on public.support for insert to authenticated
	with check (member_id = auth.uid() and public.atlas_role() is not null
		and public.item_visible(item_kind, item_id));
create policy support_delete on public.support for delete to authenticated
	using (member_id = auth.uid());

create policy comment_read on public.comment for select to anon, authenticated
	using (not hidden or author_id = auth.uid() or public.is_moderator());
create policy comment_insert on public.comment for insert to authenticated
	with check (author_id = auth.uid() and public.atlas_role() is not null and not hidden
		and public.item_visible(item_kind, item_id));
create policy comment_update_moderation on public.comment for update to authenticated
	using (public.is_moderator()) with check (public.is_moderator());

-- The audit log: moderators read all of it; an author reads the steps on their own items.
create policy moderation_event_read on public.moderation_event for select to authenticated
	using (
		public.is_moderator()
		-- Qualified: comment has columns of the same names, which would win inside the subquery.
		or (moderation_event.item_kind = 'observation' and exists (
			select 1 from public.observation o
			where o.id::text = moderation_event.item_id and o.author_id = auth.uid()))
		or (moderation_event.item_kind = 'comment' and exists (
			select 1 from public.comment c
			where c.id::text = moderation_event.item_id and c.author_id = auth.uid()))
	);

create policy notification_own on public.notification for select to authenticated
	using (member_id = auth.uid());
create policy notification_mark_read on public.notification for update to authenticated
	using (member_id = auth.uid()) with check (member_id = auth.uid());

grant select on public.observation_category, public.moderation_reason, public.observation,
	public.support, public.comment to anon, authenticated;
grant insert, update on public.observation to authenticated;
grant insert, delete on public.support to authenticated;
grant insert, update on public.comment to authenticated;
grant select on public.moderation_event to authenticated;
grant select, update on public.notification to authenticated;
grant all on public.observation_category, public.moderation_reason, public.observation,
	public.support, public.comment, public.moderation_event, public.notification to service_role;

-- Public answers (the observations layer, counts, comments) follow the data version.
do $$
declare
	t text;
begin
	foreach t in array array['observation', 'support', 'comment', 'moderation_event']
	loop
		execute format('create trigger %I after insert or update or delete or truncate on public.%I
			for each statement execute function public.bump_data_version()', t || '_data_version', t);
	end loop;
end
$$;
