-- One-time links to choose a local password (embedded mode): an admin creates an account without
-- a password, or asks for a new link for an existing member, and sends the link to the person.
-- Only a hash (sha256) of the link's token is stored, as for sessions. A member has at most one
-- link (the primary key): a new one replaces the previous. The server consumes a link by
-- deleting its row, so it works once.
create table public.account_invitation (
	user_id uuid primary key references public.member (user_id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	created_by uuid references public.member (user_id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null
);
create index account_invitation_expires_idx on public.account_invitation (expires_at);

alter table public.account_invitation enable row level security;
-- No policy, and no privilege for the API roles (Supabase grants them new public tables by
-- default): only the server (the table's owner) reads it, as it does local accounts and sessions.
revoke all on public.account_invitation from anon, authenticated;

-- An admin issues a member's link: the server hands in the hash of a token it made and keeps
-- the token only to show it once. security definer: admins write the table without reading it.
create function public.issue_account_invitation(member_id uuid, hashed text, valid_for interval)
returns timestamptz
language plpgsql security definer set search_path = public as $$
declare
	expires timestamptz := now() + valid_for;
begin
	if public.atlas_role() is distinct from 'admin' then
		raise exception 'only admins issue account links' using errcode = 'insufficient_privilege';
	end if;
	if valid_for is null or valid_for <= interval '0' or valid_for > interval '30 days' then
		raise exception 'a link is valid for up to 30 days' using errcode = 'check_violation';
	end if;
	if not exists (select 1 from public.member m where m.user_id = member_id) then
		raise exception 'no member %', member_id using errcode = 'no_data_found';
	end if;
	-- Expired links are of no use to anyone: pruned here rather than by a scheduled job.
	delete from public.account_invitation i where i.expires_at <= now();
	insert into public.account_invitation (user_id, token_hash, created_by, expires_at)
		values (member_id, hashed, auth.uid(), expires)
		on conflict (user_id) do update
		set token_hash = excluded.token_hash, created_by = excluded.created_by,
			created_at = now(), expires_at = excluded.expires_at;
	return expires;
end
$$;
revoke all on function public.issue_account_invitation(uuid, text, interval) from public, anon;
grant execute on function public.issue_account_invitation(uuid, text, interval) to authenticated;

-- What an admin sees of each member's way in: whether they have chosen a password, and until when
-- their link (if any) is valid. Nothing for anyone else; never the hashes.
create function public.member_sign_in_state()
returns table (user_id uuid, has_password boolean, link_expires_at timestamptz)
language sql stable security definer set search_path = public as $$
	select m.user_id,
		exists (select 1 from public.local_account a where a.user_id = m.user_id),
		(select i.expires_at from public.account_invitation i
			where i.user_id = m.user_id and i.expires_at > now())
	from public.member m
	where public.atlas_role() = 'admin'
$$;
revoke all on function public.member_sign_in_state() from public, anon;
grant execute on function public.member_sign_in_state() to authenticated;
