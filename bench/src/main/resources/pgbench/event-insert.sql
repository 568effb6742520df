-- A connect's store of its event: one row appended to the event store (payload about an event's size).
insert into bench_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                               payload_type, payload_revision, payload, meta_data)
values (gen_random_uuid()::text, 'acc_' || md5(random()::text), 0, 'PlatformAccount', now()::text,
        'dev.mooring.kernel.account.AccountConnected', '1', convert_to(repeat('x', 1500), 'UTF8'),
        convert_to('{"traceId":"bench"}', 'UTF8'));
