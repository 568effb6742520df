package dev.mooring.api.connectpage;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.Sha256;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultSetException;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Connect page links, keyed by the SHA-256 of their token (256 random bits, never stored). A link
 * is usable until it expires or an account is connected through it, and hands the browser back to
 * its return URL once. Each method is one statement: no lock is held while a platform answers.
 */
@Component
public class ConnectLinks {

    // expired links are kept a while so a late browser still gets "expired", then swept
    private static final Duration KEEP = Duration.ofDays(1);
    private static final int TOKEN_BYTES = 32;

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random;

    ConnectLinks(Jdbi jdbi, Clock clock, SecureRandom random) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.random = random;
    }

    record Created(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Created[token redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** What the browser is handed back with: the link's return URL and the account connected through it. */
    record Finished(URI returnUrl, AccountId accountId) {
    }

    Created create(WorkspaceId workspace, URI returnUrl, Set<Platform> platforms, String label, Duration ttl) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        jdbi.useTransaction(handle -> {
            handle.createUpdate("delete from connect_links where expires_at < :cutoff").bind("cutoff", now.minus(KEEP)).execute();
            handle.createUpdate("""
                            insert into connect_links (token_hash, workspace_id, return_url, platforms, label, created_at, expires_at)
                            values (:hash, :workspace, :returnUrl, :platforms, :label, :now, :expiresAt)""")
                    .bind("hash", hash(token))
                    .bind("workspace", workspace.value())
                    .bind("returnUrl", returnUrl.toString())
                    .bind("platforms", platforms.isEmpty() ? null
                            : platforms.stream().map(Platform::wireName).collect(Collectors.joining(",")))
                    .bind("label", label)
                    .bind("now", now)
                    .bind("expiresAt", expiresAt)
                    .execute();
        });
        return new Created(token, expiresAt);
    }

    /** The link, while it is unexpired and no account was connected through it. */
    Optional<ConnectLink> usable(String token) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select workspace_id, return_url, platforms, label, expires_at from connect_links
                        where token_hash = :hash and used_at is null and expires_at > :now""")
                .bind("hash", hash(token))
                .bind("now", clock.instant())
                .map((rs, ctx) -> link(rs))
                .findOne());
    }

    /** Ties the OAuth connect the page started under {@code state} to the link; false when the link is no longer usable. */
    boolean startedOAuth(String token, String state) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update connect_links set oauth_state_hash = :state
                        where token_hash = :hash and used_at is null and expires_at > :now""")
                .bind("state", hash(state))
                .bind("hash", hash(token))
                .bind("now", clock.instant())
                .execute()) == 1;
    }

    /**
     * The platform's redirect finished the OAuth connect started under {@code state}: when a link
     * started it, the link is used up by that account. A connect no link started changes nothing.
     * No expiry check: the user may take their time on the platform's consent page.
     */
    public void connectedThroughOAuth(String state, AccountId account) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update connect_links set account_id = :account, used_at = :now
                        where oauth_state_hash = :state and used_at is null""")
                .bind("account", account.value())
                // Instagram and Threads append #_ to their redirect, which OAuthConnectFlow drops the same way
                .bind("state", hash(state.endsWith("#_") ? state.substring(0, state.length() - 2) : state))
                .bind("now", clock.instant())
                .execute());
    }

    /** Uses the link up by an account the page connected itself; false when another connect used it first. */
    boolean connected(String token, AccountId account) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update connect_links set account_id = :account, used_at = :now
                        where token_hash = :hash and used_at is null""")
                .bind("account", account.value())
                .bind("hash", hash(token))
                .bind("now", clock.instant())
                .execute()) == 1;
    }

    /** Once: where the browser goes now that an account is connected through the link. */
    Optional<Finished> finish(String token) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update connect_links set finished_at = :now
                        where token_hash = :hash and account_id is not null and finished_at is null
                        returning return_url, account_id""")
                .bind("hash", hash(token))
                .bind("now", clock.instant())
                .map((rs, ctx) -> new Finished(URI.create(rs.getString("return_url")), new AccountId(rs.getString("account_id"))))
                .findOne());
    }

    /**
     * The user gave up (or the link ran out): the link is used up without an account, and the
     * browser goes back once, expired or not, so the posting tool hears how it ended.
     */
    Optional<URI> abandon(String token) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update connect_links set used_at = :now, finished_at = :now
                        where token_hash = :hash and used_at is null
                        returning return_url""")
                .bind("hash", hash(token))
                .bind("now", clock.instant())
                .map((rs, ctx) -> URI.create(rs.getString("return_url")))
                .findOne());
    }

    private static ConnectLink link(ResultSet rs) throws SQLException {
        String platforms = rs.getString("platforms");
        Set<Platform> offered = platforms == null ? Set.of() : Arrays.stream(platforms.split(","))
                .map(name -> Platform.fromWireName(name).orElseThrow(() -> new ResultSetException("unknown platform " + name, null, null)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Platform.class)));
        return new ConnectLink(new WorkspaceId(rs.getString("workspace_id")), URI.create(rs.getString("return_url")),
                offered, rs.getString("label"), rs.getTimestamp("expires_at").toInstant());
    }

    private static byte[] hash(String token) {
        return Sha256.of(token);
    }
}
