create table workspaces (
    workspace_id varchar(64)  primary key,
    name         text         not null,
    created_at   timestamptz  not null default now()
);

-- Keys are stored as SHA-256 of the whole key (they carry 256 random bits, so a slow hash adds
-- nothing); the prefix is kept to let a human tell keys apart.
create table api_keys (
    key_id       varchar(64)  primary key,
    workspace_id varchar(64)  not null references workspaces (workspace_id),
    name         text         not null,
    key_hash     bytea        not null unique,
    key_prefix   varchar(32)  not null,
    created_at   timestamptz  not null default now(),
    revoked_at   timestamptz
);
create index api_keys_by_workspace on api_keys (workspace_id);
