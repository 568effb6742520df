-- The accounts read model: public profile and token health, never a secret. Rebuilt by replay.
create table accounts (
    account_id       varchar(64)  primary key,
    workspace_id     varchar(64)  not null,
    platform         varchar(32)  not null,
    platform_user_id varchar(255) not null,
    display_name     text,
    handle           text,
    avatar_url       text,
    status           varchar(16)  not null,
    status_code      varchar(64),
    status_reason    text,
    token_expires_at timestamptz,
    connected_at     timestamptz  not null,
    refreshed_at     timestamptz,
    version          bigint       not null
);
create index accounts_by_workspace on accounts (workspace_id, account_id);
