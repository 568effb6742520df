-- Connect page links (POST /v1/connect-sessions): one row per link a posting tool sent its user to.
-- Only a SHA-256 of the link's token is kept. A link connects at most one account (used_at,
-- account_id), and hands the browser back to return_url once (finished_at). oauth_state_hash ties an
-- OAuth connect started on the page to the link, so the account the platform's redirect connected is
-- recorded here by Mooring itself, never taken from the browser.
create table connect_links (
    token_hash       bytea        primary key,
    workspace_id     varchar(64)  not null references workspaces (workspace_id),
    return_url       text         not null,
    platforms        text,
    label            text,
    created_at       timestamptz  not null,
    expires_at       timestamptz  not null,
    oauth_state_hash bytea,
    account_id       varchar(64),
    used_at          timestamptz,
    finished_at      timestamptz
);
create index connect_links_by_oauth_state on connect_links (oauth_state_hash);
create index connect_links_by_expiry on connect_links (expires_at);
