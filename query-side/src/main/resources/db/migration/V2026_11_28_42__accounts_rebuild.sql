-- A rebuild replays into this copy while readers keep using accounts; the finished copy replaces
-- the contents of accounts in one transaction, so no read ever sees an empty or half-built table.
-- Every rebuild makes it afresh from the shape accounts has then (AccountsDao.writeToRebuild).
create table accounts_rebuild (like accounts including all);
