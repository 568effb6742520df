-- One data key per account, stored only wrapped by the master key it names (envelope encryption).
-- Disconnect shreds it: the key columns go null and shredded_at stays as a tombstone, so the account's
-- stored tokens can never be decrypted again and no new key can ever be made for that account.
create table data_keys (
    account_id    varchar(64) primary key,
    key_version   integer,
    master_key_id varchar(64),
    wrapped_key   bytea,
    created_at    timestamptz not null default now(),
    shredded_at   timestamptz,
    constraint data_keys_live_or_shredded check (
        (shredded_at is null and key_version is not null and master_key_id is not null and wrapped_key is not null)
        or (shredded_at is not null and key_version is null and master_key_id is null and wrapped_key is null))
);
-- rotation and the startup check look data keys up by the master key that wraps them
create index data_keys_by_master_key on data_keys (master_key_id) where master_key_id is not null;
