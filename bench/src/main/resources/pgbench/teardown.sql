drop table if exists bench_event_entry, bench_accounts, bench_scheduled_tasks, bench_token_entry;
drop sequence if exists bench_event_entry_seq;
