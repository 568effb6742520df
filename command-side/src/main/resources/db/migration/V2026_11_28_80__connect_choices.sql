-- A Facebook connect may name the Page to connect at start.
alter table connect_sessions add column page_id text;

-- Connects paused for the caller's choice (a Facebook user who manages several Pages). Only a hash
-- of the selection token is kept, and what resumes the connect (the long-lived user token) is
-- sealed under a key derived from the selection token, so this table alone reveals neither. Page
-- tokens are not kept at all: they are read again once the choice is made. The choices are public.
create table connect_choices (
    selection_hash       bytea        primary key,
    workspace_id         varchar(64)  not null,
    platform             varchar(32)  not null,
    sealed_resume_token  bytea        not null,
    choices              jsonb        not null,
    created_at           timestamptz  not null,
    expires_at           timestamptz  not null,
    used_at              timestamptz
);
create index connect_choices_expiry on connect_choices (expires_at);
