package dev.mooring.query.accounts;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The accounts row of {@code read_model_version}: which table readers use, and where a rebuild
 * stands. Every instance reads it from the database, so a switch is seen by all at one commit.
 *
 * <p>Projection writes take the row {@code for share} in their batch's transaction: the switch's
 * update then waits for every write already aimed at the old table, and every later write sees the
 * new one.
 */
@Component
class ReadModelVersion {

    private static final String SELECT = """
            select current_table, rebuild_table, rebuild_state, started_at, finished_at, error
              from read_model_version where read_model = 'accounts'""";

    private final Jdbi jdbi;

    ReadModelVersion(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    enum RebuildState { IDLE, STARTING, REBUILDING, FINISHED, FAILED }

    record Row(AccountsTable current, AccountsTable rebuildTable, RebuildState state, Instant startedAt,
               Instant finishedAt, String error) {

        /** Readers already use the rebuilt table; the rebuild processor still finishes what it had. */
        boolean switched() {
            return state == RebuildState.REBUILDING && rebuildTable == current;
        }
    }

    Row read() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT).map((rs, ctx) -> new Row(
                AccountsTable.named(rs.getString("current_table")),
                rs.getString("rebuild_table") == null ? null : AccountsTable.named(rs.getString("rebuild_table")),
                RebuildState.valueOf(rs.getString("rebuild_state").toUpperCase(Locale.ROOT)),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("error"))).one());
    }

    /** The table the live projection writes, held still until the caller's transaction ends. */
    AccountsTable currentForWrite() {
        return oncePerBatch("read-model-version.current", () -> jdbi.withHandle(handle -> AccountsTable.named(handle.createQuery(
                "select current_table from read_model_version where read_model = 'accounts' for share")
                .mapTo(String.class).one())));
    }

    /** The table the rebuild processor writes, if a rebuild is under way; held like {@link #currentForWrite}. */
    Optional<AccountsTable> rebuildForWrite() {
        return oncePerBatch("read-model-version.rebuild", () -> jdbi.withHandle(handle -> handle.createQuery(
                        "select rebuild_table from read_model_version where read_model = 'accounts' for share")
                .mapTo(String.class).findOne().map(AccountsTable::named)));
    }

    /**
     * Read once per processor batch: the batch is one transaction, and the row it read stays locked
     * (for share) until that transaction ends, so a second read could only answer the same.
     */
    private static <T> T oncePerBatch(String key, Supplier<T> read) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read.get();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(key, ignored -> read.get());
    }

    /**
     * Claims the next rebuild for the caller, into the table readers do not use, unless one is under
     * way on any instance (a start abandoned for a minute is taken over). Empty when not claimed.
     */
    Optional<Row> claimRebuild(Instant now) {
        int claimed = jdbi.withHandle(handle -> handle.createUpdate("""
                        update read_model_version
                           set rebuild_state = 'starting',
                               rebuild_table = case current_table when 'accounts_a' then 'accounts_b' else 'accounts_a' end,
                               started_at = :now, finished_at = null, error = null
                         where read_model = 'accounts'
                           and (rebuild_state not in ('starting', 'rebuilding')
                                or (rebuild_state = 'starting' and started_at < cast(:now as timestamptz) - interval '1 minute'))""")
                .bind("now", now).execute());
        return claimed == 1 ? Optional.of(read()) : Optional.empty();
    }

    /** The rebuild processor's tokens are back at the start: it may run now, on whichever instance claims it. */
    void rebuilding() {
        jdbi.useHandle(handle -> handle.execute(
                "update read_model_version set rebuild_state = 'rebuilding' where read_model = 'accounts' and rebuild_state = 'starting'"));
    }

    /** Readers use the rebuilt table from this commit on. False when another instance did it first. */
    boolean switchReaders() {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update read_model_version set current_table = rebuild_table
                         where read_model = 'accounts' and rebuild_state = 'rebuilding' and current_table <> rebuild_table""")
                .execute()) == 1;
    }

    /** The rebuild is done: its processor writes nowhere any more and the old table is emptied. */
    boolean retire(Instant now) {
        return jdbi.inTransaction(handle -> {
            int retired = handle.createUpdate("""
                            update read_model_version
                               set rebuild_state = 'finished', rebuild_table = null, finished_at = :now
                             where read_model = 'accounts' and rebuild_state = 'rebuilding' and current_table = rebuild_table""")
                    .bind("now", now).execute();
            if (retired == 1) {
                AccountsTable old = AccountsTable.named(handle.createQuery(
                        "select current_table from read_model_version where read_model = 'accounts'")
                        .mapTo(String.class).one()).other();
                handle.execute("delete from " + old.tableName());
            }
            return retired == 1;
        });
    }

    void fail(String error, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update read_model_version
                           set rebuild_state = 'failed', rebuild_table = null, finished_at = :now, error = :error
                         where read_model = 'accounts' and rebuild_state in ('starting', 'rebuilding')""")
                .bind("now", now).bind("error", error).execute());
    }

    private static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
