-- The accounts read model in two fixed tables, A and B, both owned here. The live projection writes
-- the current one; a rebuild replays the event store into the other, then readers switch to it by
-- one update of read_model_version (every instance reads that row, so all switch at the same commit).
-- The rebuild's target is emptied by its processor's reset handler, never made at runtime.
drop table accounts_rebuild;
alter table accounts rename to accounts_a;
alter index accounts_pkey rename to accounts_a_pkey;
alter index accounts_by_workspace rename to accounts_a_by_workspace;
create table accounts_b (like accounts_a including all);

create table read_model_version (
    read_model    varchar(32) primary key,
    current_table varchar(32) not null check (current_table in ('accounts_a', 'accounts_b')),
    -- the table a rebuild replays into; null when no rebuild processor may write anywhere
    rebuild_table varchar(32) check (rebuild_table in ('accounts_a', 'accounts_b')),
    -- starting: the rebuild processor's tokens are being reset; rebuilding: it replays into
    -- rebuild_table, and readers switch to that once it has caught up
    rebuild_state varchar(16) not null check (rebuild_state in ('idle', 'starting', 'rebuilding', 'finished', 'failed')),
    started_at    timestamptz,
    finished_at   timestamptz,
    error         text
);
insert into read_model_version (read_model, current_table, rebuild_state) values ('accounts', 'accounts_a', 'idle');

-- What readers query: the current table, chosen inside the statement. A column added later goes
-- into both tables, and this view is made again.
create view accounts as
    select a.* from accounts_a a
     where (select current_table from read_model_version where read_model = 'accounts') = 'accounts_a'
    union all
    select b.* from accounts_b b
     where (select current_table from read_model_version where read_model = 'accounts') = 'accounts_b';
