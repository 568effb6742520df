-- The development key flow keeps one workspace for good: a lost or revoked dev key mints a new key
-- in it instead of starting an empty workspace. At most one row carries the flag.
alter table workspaces add column development boolean not null default false;
create unique index workspaces_one_development on workspaces (development) where development;

-- Installs from before the flag: the oldest workspace the dev flow created becomes the one.
update workspaces set development = true
where workspace_id = (
    select w.workspace_id from workspaces w
    where w.name = 'Development'
      and exists (select 1 from api_keys k where k.workspace_id = w.workspace_id and k.name = 'development')
    order by w.created_at, w.workspace_id
    limit 1);
