-- Started OAuth connects. Only a hash of the state is kept, and the PKCE verifier is sealed under a
-- key derived from the state, so this table alone reveals neither.
create table connect_sessions (
    state_hash      bytea        primary key,
    workspace_id    varchar(64)  not null,
    platform        varchar(32)  not null,
    sealed_verifier bytea,
    return_url      text,
    board_id        text,
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    used_at         timestamptz
);
create index connect_sessions_expiry on connect_sessions (expires_at);
