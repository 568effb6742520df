-- A select claims its choice with a short lease instead of holding a row lock across the platform
-- call: one select per selection token at a time across every instance, no database connection held
-- while the platform answers, and a crashed holder's claim simply runs out.
alter table connect_choices add column lease_owner varchar(64);
alter table connect_choices add column lease_until timestamptz;
