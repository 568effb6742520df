-- What the platforms' answers to proxied calls last said of each account's rate limits, one row per
-- endpoint family. Written by the proxy as answers arrive, not by events: nothing in the event store
-- holds it, so a read-model rebuild leaves it as it is. Shared by every instance, so a family one
-- instance saw spent is refused by all of them until its reset.
create table account_rate_limits (
    account_id   text        not null,
    family       text        not null,
    rate_limit   bigint,
    remaining    bigint,
    reset_at     timestamptz,
    percent_used integer,
    observed_at  timestamptz not null,
    primary key (account_id, family)
);
