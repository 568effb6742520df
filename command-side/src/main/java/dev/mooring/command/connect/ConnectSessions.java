package dev.mooring.command.connect;

import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.limits.Quota;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Started OAuth connects, keyed by the hash of their state. A state is used at most once and only
 * within {@link #LIFETIME}, for the platform it was started for.
 */
@Component
class ConnectSessions {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    // expired rows are kept a while so a late browser still gets "expired", then swept
    private static final Duration KEEP = Duration.ofDays(1);

    private final Jdbi jdbi;
    private final Clock clock;

    ConnectSessions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Saves a started connect, unless the workspace already has as many pending (unused, unexpired)
     * as {@code pending} allows. The count and the insert hold a lock per workspace for the
     * transaction, so concurrent starts cannot both take the last slot.
     */
    void save(String state, WorkspaceId workspace, Platform platform, String codeVerifier, URI returnUrl,
              ConnectOptions options, Quota pending) {
        Instant now = clock.instant();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("delete from connect_sessions where expires_at < :cutoff")
                    .bind("cutoff", now.minus(KEEP))
                    .execute();
            handle.createQuery("select 1 from pg_advisory_xact_lock(hashtext('connect_sessions:' || :workspace))")
                    .bind("workspace", workspace.value())
                    .mapTo(Integer.class)
                    .one();
            pending.admitOneMore(handle.createQuery("""
                            select count(*) from connect_sessions
                            where workspace_id = :workspace and used_at is null and expires_at > :now""")
                    .bind("workspace", workspace.value())
                    .bind("now", now)
                    .mapTo(Long.class)
                    .one());
            handle.createUpdate("""
                            insert into connect_sessions (state_hash, workspace_id, platform, sealed_verifier,
                                                          return_url, board_id, page_id, created_at, expires_at)
                            values (:hash, :workspace, :platform, :verifier, :returnUrl, :boardId, :pageId, :now, :expires)""")
                    .bind("hash", StateBoundSeal.stateHash(state))
                    .bind("workspace", workspace.value())
                    .bind("platform", platform.wireName())
                    .bind("verifier", codeVerifier == null ? null : StateBoundSeal.seal(state, codeVerifier))
                    .bind("returnUrl", returnUrl == null ? null : returnUrl.toString())
                    .bind("boardId", options.boardId())
                    .bind("pageId", options.pageId())
                    .bind("now", now)
                    .bind("expires", now.plus(LIFETIME))
                    .execute();
        });
    }

    /** The session for this state, marking it used; empty when unknown, expired, used or for another platform. */
    Optional<ConnectSession> consume(String state, Platform platform) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update connect_sessions set used_at = :now
                        where state_hash = :hash and platform = :platform and used_at is null and expires_at > :now
                        returning workspace_id, sealed_verifier, return_url, board_id, page_id""")
                .bind("hash", StateBoundSeal.stateHash(state))
                .bind("platform", platform.wireName())
                .bind("now", clock.instant())
                .map((rs, ctx) -> {
                    byte[] verifier = rs.getBytes("sealed_verifier");
                    String returnUrl = rs.getString("return_url");
                    return new ConnectSession(new WorkspaceId(rs.getString("workspace_id")), platform,
                            verifier == null ? null : StateBoundSeal.open(state, verifier),
                            returnUrl == null ? null : URI.create(returnUrl),
                            new ConnectOptions(rs.getString("board_id"), rs.getString("page_id")));
                })
                .findOne());
    }
}
