-- The command side's own view of each live account's current (sealed) credentials, kept in the
-- same transaction as the events that change them. Refreshes lock the row, so one account is
-- refreshed by one caller at a time across every instance, always from its newest refresh token.
create table account_credentials (
    account_id   varchar(64)  primary key,
    workspace_id varchar(64)  not null,
    platform     varchar(32)  not null,
    credentials  jsonb        not null,
    revoked      boolean      not null default false,
    connected_at timestamptz  not null,
    refreshed_at timestamptz
);
