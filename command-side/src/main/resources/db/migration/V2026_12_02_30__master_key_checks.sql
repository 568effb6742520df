-- One check value per master key id: a fixed label sealed (AES-256-GCM) under that master key when
-- the key is first used. A key given later under the same id but with other bytes fails to open it,
-- and startup refuses before anything is written. It reveals nothing of the key.
create table master_key_checks (
    key_id      varchar(64) primary key,
    check_value bytea       not null,
    created_at  timestamptz not null default now()
);
