-- A refresh that keeps failing for a reason that may pass is shown beside the status, which it
-- never changes: since when, how often, and when the lifecycle tries again.
alter table accounts add column refresh_failing_since timestamptz;
alter table accounts add column refresh_failures integer not null default 0;
alter table accounts add column refresh_next_attempt_at timestamptz;
-- the error code and sentence of a failing refresh; status_code/status_reason stay the revocation's
alter table accounts add column refresh_error_code varchar(64);
alter table accounts add column refresh_error_reason text;
update accounts set status_code = null, status_reason = null where status = 'active';
