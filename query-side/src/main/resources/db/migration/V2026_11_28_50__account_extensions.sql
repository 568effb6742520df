-- Public platform extensions (a Pinterest default board, ...), as the account view shows them.
alter table accounts add column extensions jsonb not null default '{}';
