-- Listening to the territory, second part: one discussion for observations, proposals and
-- interventions; the cabina di regia's answer heard by the author; write limits kept in the
-- database so they hold across every atlas process behind a load balancer.

-- Proposals' comments join the shared table (threaded one level, moderated like the others).
-- Older comments were checked for length only: a tag-like "<x" becomes "‹x" so that no reader
-- ever receives markup, and the comment keeps its words.
insert into public.comment (item_kind, item_id, author_id, body, created_at)
select 'proposal', c.proposal_id::text, c.author_id,
	left(regexp_replace(btrim(c.body), '<([A-Za-z/!?])', '‹\1', 'g'), 4000), c.created_at
from public.proposal_comment c
order by c.id;
drop table public.proposal_comment;

-- A comment is read with its item: a comment on a proposal still under review is for the members
-- who see that proposal, not for every visitor.
drop policy comment_read on public.comment;
create policy comment_read on public.comment for select to anon, authenticated
	using ((not hidden or author_id = auth.uid() or public.is_moderator())
		and public.item_visible(item_kind, item_id));

-- The author hears when the cabina di regia answers their observation or takes it into a proposal.
create function public.notify_observation_status() returns trigger
language plpgsql security definer set search_path = public as $$
begin
	if new.status is distinct from old.status and new.author_id <> coalesce(auth.uid(),
		'00000000-0000-0000-0000-000000000000') then
		insert into public.notification (member_id, kind, item_kind, item_id, actor_id)
			values (new.author_id, 'status', 'observation', new.id::text, auth.uid());
	end if;
	return null;
end
$$;
create trigger observation_status_notify after update of status on public.observation
	for each row execute function public.notify_observation_status();

-- Posting, commenting and supporting, counted per account and per client address in a sliding
-- window, as sign-in attempts are. Keys are hashes (of the action, the scope and the account or
-- address): neither is stored. Only the server (the table's owner) reads and writes it.
create table public.write_attempt (
	key text primary key check (key ~ '^[0-9a-f]{64}$'),
	attempted_at timestamptz[] not null,
	allowed boolean not null,
	last_at timestamptz not null
);
create index write_attempt_last_idx on public.write_attempt (last_at);
alter table public.write_attempt enable row level security;
revoke all on public.write_attempt from anon, authenticated;

-- Whether an item exists and the person may see it, as one SQL expression the planner inlines
-- into the policies that call it: an index lookup by the item's own key (observations and
-- proposals by their uuid, in its canonical lower-case text only, so one item has one key).
create or replace function public.item_visible(kind text, item text) returns boolean
language sql stable as $$
	select case
		when kind = 'intervention' then
			exists (select 1 from public.intervention i where i.id = item)
		when item !~ '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then false
		when kind = 'observation' then
			exists (select 1 from public.observation o where o.id = item::uuid)
		when kind = 'proposal' then
			exists (select 1 from public.proposal p where p.id = item::uuid and p.status <> 'draft')
		else false
	end
$$;

-- An item's visible comments, counted by its index alone (a list of observations counts them
-- for every row): security definer, because row-level security would check each comment's item
-- again. The caller has read the item under its own rights; hidden comments are never counted.
create function public.visible_comment_count(kind text, item text) returns integer
language sql stable security definer set search_path = public as $$
	select count(*)::int4 from public.comment c
	where c.item_kind = kind and c.item_id = item and not c.hidden
$$;
revoke all on function public.visible_comment_count(text, text) from public;
grant execute on function public.visible_comment_count(text, text) to anon, authenticated;

-- The observations' list filters read through indexes: by municipality (the impact's list) and
-- by status (the category's index serves the category and ambito filters, the geometry's the bbox).
create index observation_municipalities_idx on public.observation
	using gin ((impact->'municipalities') jsonb_path_ops);
create index observation_status_idx on public.observation (status, created_at desc);

-- Whether the person asking wrote an observation or a comment, looked up by its key (security
-- definer: the audit log's policy asks it for every step, and the items' own row-level security
-- would otherwise turn each lookup into a scan of the whole table).
create function public.authored_by_me(kind text, item text) returns boolean
language sql stable security definer set search_path = public as $$
	select case
		when kind = 'observation' and item ~ '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then
			exists (select 1 from public.observation o where o.id = item::uuid and o.author_id = auth.uid())
		when kind = 'comment' and item ~ '^[0-9]{1,18}$' then
			exists (select 1 from public.comment c where c.id = item::bigint and c.author_id = auth.uid())
		else false
	end
$$;
revoke all on function public.authored_by_me(text, text) from public;
grant execute on function public.authored_by_me(text, text) to authenticated;

drop policy moderation_event_read on public.moderation_event;
create policy moderation_event_read on public.moderation_event for select to authenticated
	using (public.is_moderator() or public.authored_by_me(item_kind, item_id));

-- The observations in a box or a municipality, found through their indexes. Row-level security
-- keeps the spatial and JSON operators (not "leakproof") from driving an index scan, so the
-- filter runs here, with the same visibility rule as the policy (hidden ones: their author and
-- moderators), and the caller's query joins on the id.
create function public.observations_matching(bbox geometry, istat text) returns setof uuid
language sql stable security definer set search_path = public rows 50 as $$
	select o.id from public.observation o
	where (bbox is null or o.geom && bbox)
		and (istat is null
			or o.impact->'municipalities' @> jsonb_build_array(jsonb_build_object('istat', istat)))
		and (not o.hidden or o.author_id = auth.uid() or public.is_moderator())
$$;
revoke all on function public.observations_matching(geometry, text) from public;
grant execute on function public.observations_matching(geometry, text) to anon, authenticated;
