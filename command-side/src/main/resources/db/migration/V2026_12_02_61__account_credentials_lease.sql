-- Refreshes, verifies and disconnects claim an account with a short lease instead of holding a row
-- lock across the upstream call: one of them per account at a time across every instance, no
-- database connection held while a platform answers, and a crashed holder's claim simply runs out.
alter table account_credentials add column lease_owner varchar(64);
alter table account_credentials add column lease_until timestamptz;
-- consecutive failed refreshes, so the next attempt's backoff is known before the outcome is recorded
alter table account_credentials add column refresh_failures integer not null default 0;
