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
