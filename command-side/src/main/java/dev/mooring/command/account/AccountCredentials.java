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
import dev.mooring.kernel.account.TokenRefreshed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Each live account's current sealed credentials, written by subscribing handlers inside the
 * transaction that appends the event, so the row is never behind the event store.
 * {@link #lockForRefresh} takes the row lock that makes refreshes single-flight across instances.
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
                          boolean revoked, Instant connectedAt, Instant refreshedAt) {
        /** When the current access token was issued. */
        public Instant issuedAt() {
            return refreshedAt != null ? refreshedAt : connectedAt;
        }
    }

    /**
     * Locks the account's row until the surrounding transaction ends and answers it as it is then:
     * a second caller waits here and then sees the first one's new tokens.
     */
    public Optional<Current> lockForRefresh(AccountId id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select account_id, workspace_id, platform, credentials, revoked, connected_at, refreshed_at
                        from account_credentials where account_id = :id for update""")
                .bind("id", id.value())
                .map((rs, ctx) -> new Current(new AccountId(rs.getString("account_id")),
                        new WorkspaceId(rs.getString("workspace_id")),
                        Platform.fromWireName(rs.getString("platform")).orElseThrow(),
                        read(rs.getString("credentials")), rs.getBoolean("revoked"),
                        rs.getTimestamp("connected_at").toInstant(),
                        rs.getTimestamp("refreshed_at") == null ? null : rs.getTimestamp("refreshed_at").toInstant()))
                .findOne());
    }

    @EventHandler
    void on(AccountConnected event, @Timestamp Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into account_credentials (account_id, workspace_id, platform, credentials, revoked, connected_at)
                        values (:id, :workspace, :platform, cast(:credentials as jsonb), false, :at)
                        on conflict (account_id) do update set credentials = excluded.credentials, revoked = false,
                            connected_at = excluded.connected_at, refreshed_at = null""")
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
                        update account_credentials set credentials = cast(:credentials as jsonb), refreshed_at = :at
                        where account_id = :id""")
                .bind("id", event.accountId().value())
                .bind("credentials", write(event.credentials()))
                .bind("at", at)
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
