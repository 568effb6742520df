-- Scratch copies for pgbench, so it does the same SQL work as Mooring without touching Mooring's rows.
-- The event table gets its own sequence: sharing domain_event_entry's would leave gaps in Mooring's
-- global index, which its event processors wait on.
drop table if exists bench_event_entry, bench_accounts, bench_scheduled_tasks, bench_token_entry;
drop sequence if exists bench_event_entry_seq;
create sequence bench_event_entry_seq;
create table bench_event_entry (like domain_event_entry including all);
alter table bench_event_entry alter column global_index set default nextval('bench_event_entry_seq');
create table bench_accounts (like accounts_a including all);
alter table bench_accounts add column n integer;
insert into bench_accounts select a.*, row_number() over (order by account_id) from accounts a;
create unique index bench_accounts_n on bench_accounts (n);
create table bench_scheduled_tasks (like scheduled_tasks including all);
insert into bench_scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
select 'AxonDeadline', 'deadline-' || n, convert_to(repeat('d', 600), 'UTF8'), now() + interval '2 hours', false, 1
  from bench_accounts;
create table bench_token_entry (like token_entry including all);
insert into bench_token_entry select * from token_entry;
analyze bench_accounts;
analyze bench_scheduled_tasks;
