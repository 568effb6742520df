-- One live account per upstream identity within a workspace; the unique key makes connects race-safe.
create table account_identities (
    workspace_id     varchar(64)  not null,
    platform         varchar(32)  not null,
    platform_user_id varchar(255) not null,
    account_id       varchar(64)  not null unique,
    primary key (workspace_id, platform, platform_user_id)
);
