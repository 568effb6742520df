-- A refresh's writes in one transaction: its event, the read-model row, the rescheduled deadline and
-- the projection's token.
\set n random(1, :accounts)
begin;
insert into bench_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                               payload_type, payload_revision, payload, meta_data)
values (gen_random_uuid()::text, 'acc_' || md5(random()::text), 1, 'PlatformAccount', now()::text,
        'dev.mooring.kernel.account.TokenRefreshed', '1', convert_to(repeat('x', 1500), 'UTF8'),
        convert_to('{"traceId":"bench"}', 'UTF8'));
update bench_accounts set token_expires_at = now() + interval '2 hours', refreshed_at = now(), version = version + 1
 where n = :n;
update bench_scheduled_tasks set execution_time = now() + interval '2 hours', version = version + 1
 where task_name = 'AxonDeadline' and task_instance = 'deadline-' || :n;
update bench_token_entry set timestamp = now()::text where processor_name = 'accounts' and segment = 0;
commit;
