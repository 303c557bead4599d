-- Sign-in attempts with a local password (embedded mode's accounts), counted in the database so
-- the limit holds across every atlas process that shares it behind a load balancer. One row per
-- client address and email, keyed by a hash of both: neither is stored. Only the server (the
-- table's owner) reads and writes it, as it does local accounts and sessions.
create table public.sign_in_attempt (
	key text primary key check (key ~ '^[0-9a-f]{64}$'),
	-- The attempts counted in the current window, oldest first; refused ones are not counted.
	attempted_at timestamptz[] not null,
	-- Whether the latest attempt was allowed.
	allowed boolean not null,
	last_at timestamptz not null
);
-- Keys idle for a whole window are pruned by last_at.
create index sign_in_attempt_last_idx on public.sign_in_attempt (last_at);

alter table public.sign_in_attempt enable row level security;
-- No policy, and no privilege for the API roles (Supabase grants them new public tables by default).
revoke all on public.sign_in_attempt from anon, authenticated;
