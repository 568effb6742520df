-- AccountConnected events of revision 1 carried the profile in clear; ClearProfileSealing seals them
-- in place at startup. This index holds only those rows, so the look at every start stays cheap
-- once they are all sealed.
create index domain_event_entry_clear_profiles on domain_event_entry (global_index)
    where payload_type = 'dev.mooring.kernel.account.AccountConnected' and payload_revision is null;
