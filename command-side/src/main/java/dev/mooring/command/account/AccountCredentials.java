package dev.mooring.command.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Each live account's current sealed credentials, written by subscribing handlers inside the
 * transaction that appends the event, so the row is never behind the event store.
 * {@link #claim} takes the lease that makes refreshes single-flight across instances.
 */
@Component
@ProcessingGroup(AccountIdentities.PROCESSING_GROUP)
public class AccountCredentials {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Jdbi jdbi;

    public AccountCredentials(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The row as a refresh sees it. */
    public record Current(AccountId accountId, WorkspaceId workspaceId, Platform platform, Credentials credentials,
                          boolean revoked, Instant connectedAt, Instant refreshedAt, int refreshFailures) {
        /** When the current access token was issued. */
        public Instant issuedAt() {
            return refreshedAt != null ? refreshedAt : connectedAt;
        }
    }

    /**
     * Claims the account for one upstream exchange until {@code until}, unless another caller holds
     * it: the row as it is then, or empty when it is claimed by someone else or does not exist. One
     * short statement, no lock held afterwards.
     */
    public Optional<Current> claim(AccountId id, String owner, Instant now, Instant until) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update account_credentials set lease_owner = :owner, lease_until = :until
                        where account_id = :id and (lease_until is null or lease_until < :now)
                        returning account_id, workspace_id, platform, credentials, revoked, connected_at, refreshed_at, refresh_failures""")
                .bind("id", id.value())
                .bind("owner", owner)
                .bind("now", now)
                .bind("until", until)
                .map((rs, ctx) -> current(rs))
                .findOne());
    }

    /** Gives the claim back, if it is still this owner's. */
    public void release(AccountId id, String owner) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update account_credentials set lease_owner = null, lease_until = null
                        where account_id = :id and lease_owner = :owner""")
                .bind("id", id.value())
                .bind("owner", owner)
                .execute());
    }

    /** The row as it is, claimed or not. */
    public Optional<Current> find(AccountId id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select account_id, workspace_id, platform, credentials, revoked, connected_at, refreshed_at,
                               refresh_failures
                        from account_credentials where account_id = :id""")
                .bind("id", id.value())
                .map((rs, ctx) -> current(rs))
                .findOne());
    }

    private static Current current(ResultSet rs) throws SQLException {
        return new Current(new AccountId(rs.getString("account_id")),
                new WorkspaceId(rs.getString("workspace_id")),
                Platform.fromWireName(rs.getString("platform")).orElseThrow(),
                read(rs.getString("credentials")), rs.getBoolean("revoked"),
                rs.getTimestamp("connected_at").toInstant(),
                rs.getTimestamp("refreshed_at") == null ? null : rs.getTimestamp("refreshed_at").toInstant(),
                rs.getInt("refresh_failures"));
    }

    @EventHandler
    void on(AccountConnected event, @Timestamp Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into account_credentials (account_id, workspace_id, platform, credentials, revoked, connected_at)
                        values (:id, :workspace, :platform, cast(:credentials as jsonb), false, :at)
                        on conflict (account_id) do update set credentials = excluded.credentials, revoked = false,
                            connected_at = excluded.connected_at, refreshed_at = null, refresh_failures = 0""")
                .bind("id", event.accountId().value())
                .bind("workspace", event.workspaceId().value())
                .bind("platform", event.platform().wireName())
                .bind("credentials", write(event.credentials()))
                .bind("at", at)
                .execute());
    }

    @EventHandler
    void on(TokenRefreshed event, @Timestamp Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update account_credentials set credentials = cast(:credentials as jsonb), refreshed_at = :at,
                            refresh_failures = 0
                        where account_id = :id""")
                .bind("id", event.accountId().value())
                .bind("credentials", write(event.credentials()))
                .bind("at", at)
                .execute());
    }

    @EventHandler
    void on(TokenRefreshFailed event) {
        jdbi.useHandle(handle -> handle.createUpdate("update account_credentials set refresh_failures = :failures where account_id = :id")
                .bind("id", event.accountId().value())
                .bind("failures", event.consecutiveFailures())
                .execute());
    }

    @EventHandler
    void on(AccountRevoked event) {
        jdbi.useHandle(handle -> handle.createUpdate("update account_credentials set revoked = true where account_id = :id")
                .bind("id", event.accountId().value())
                .execute());
    }

    @EventHandler
    void on(AccountDisconnected event) {
        jdbi.useHandle(handle -> handle.createUpdate("delete from account_credentials where account_id = :id")
                .bind("id", event.accountId().value())
                .execute());
    }

    private static String write(Credentials credentials) {
        try {
            return JSON.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write sealed credentials", e);
        }
    }

    private static Credentials read(String json) {
        try {
            return JSON.readValue(json, Credentials.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read sealed credentials", e);
        }
    }
}
