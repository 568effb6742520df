-- What each key may do (the wire names of ApiScope). Keys from before scopes keep what they could
-- do: every scope but tokens:read, which hands out platform tokens and must be asked for by name.
alter table api_keys add column scopes text[] not null
    default array['accounts:read', 'accounts:write', 'connect', 'proxy', 'webhooks', 'keys'];
-- from now on every key names its scopes when it is made
alter table api_keys alter column scopes drop default;
