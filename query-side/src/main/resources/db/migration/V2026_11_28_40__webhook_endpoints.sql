-- Where a workspace wants its account events posted. The signing secret has to be read back to
-- sign (an HMAC key cannot be stored hashed); during a rotation the previous one keeps signing
-- alongside until previous_secret_expires_at.
create table webhook_endpoints (
    endpoint_id                varchar(64)  primary key,
    workspace_id               varchar(64)  not null,
    url                        text         not null,
    event_types                text[]       not null,
    enabled                    boolean      not null,
    disabled_reason            text,
    secret                     text         not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz  not null,
    updated_at                 timestamptz  not null
);
create index webhook_endpoints_by_workspace on webhook_endpoints (workspace_id, endpoint_id);
