-- the pending-connects quota counts a workspace's unused sessions at every connect start
create index connect_sessions_pending on connect_sessions (workspace_id) where used_at is null;
