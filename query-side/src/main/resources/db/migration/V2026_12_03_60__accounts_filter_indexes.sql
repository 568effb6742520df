-- The list's filters within a workspace, each in the list's order (account_id, the keyset), so a
-- filtered page reads only its own rows in order and stops at the limit: no scan and sort of the
-- whole workspace. On both tables, since a rebuild switches readers from one to the other.
create index accounts_a_by_workspace_platform_status on accounts_a (workspace_id, platform, status, account_id);
create index accounts_a_by_workspace_platform on accounts_a (workspace_id, platform, account_id);
create index accounts_a_by_workspace_status on accounts_a (workspace_id, status, account_id);
create index accounts_b_by_workspace_platform_status on accounts_b (workspace_id, platform, status, account_id);
create index accounts_b_by_workspace_platform on accounts_b (workspace_id, platform, account_id);
create index accounts_b_by_workspace_status on accounts_b (workspace_id, status, account_id);
