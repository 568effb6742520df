-- The built-in sandbox platform's own authorization server state. It plays an upstream platform,
-- so its tokens are stored only as hashes, like any careful authorization server would.
create table sandbox_grants (
    grant_id     varchar(64)  primary key,
    user_id      varchar(64)  not null,
    username     text         not null,
    display_name text         not null,
    created_at   timestamptz  not null,
    revoked_at   timestamptz
);

create table sandbox_tokens (
    token_hash     bytea        primary key,
    grant_id       varchar(64)  not null references sandbox_grants (grant_id),
    kind           varchar(16)  not null,
    expires_at     timestamptz  not null,
    used_at        timestamptz,
    redirect_uri   text,
    code_challenge text
);
create index sandbox_tokens_by_grant on sandbox_tokens (grant_id);
