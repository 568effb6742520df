package dev.mooring.command.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.ChoiceKind;
import dev.mooring.command.platform.ChoiceRequired;
import dev.mooring.command.platform.ChoiceRequired.Choice;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Connects paused for the caller's choice, keyed by the hash of their selection token. The token is
 * a second connect state: 256 random bits, bound to the workspace and platform, good for
 * {@link #LIFETIME} and for one finished connect. What resumes the connect is sealed under a key
 * derived from the token ({@link StateBoundSeal}), so the table alone cannot resume anything.
 */
@Component
class ConnectChoices {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** Longer than any upstream exchange can take (connect and read timeouts), so a claim never runs out under a live holder. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** How long a second select of the same token waits for the first to finish. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    // expired rows are kept a while so a late caller still gets "expired", then swept
    private static final Duration KEEP = Duration.ofDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Choice>> CHOICES = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final Clock clock;

    ConnectChoices(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    PendingChoice save(String selectionToken, WorkspaceId workspace, Platform platform, ChoiceKind kind, ChoiceRequired choice) {
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        jdbi.useHandle(handle -> {
            handle.createUpdate("delete from connect_choices where expires_at < :cutoff")
                    .bind("cutoff", now.minus(KEEP))
                    .execute();
            handle.createUpdate("""
                            insert into connect_choices (selection_hash, workspace_id, platform, sealed_resume_token,
                                                         choices, created_at, expires_at)
                            values (:hash, :workspace, :platform, :sealed, cast(:choices as jsonb), :now, :expires)""")
                    .bind("hash", StateBoundSeal.stateHash(selectionToken))
                    .bind("workspace", workspace.value())
                    .bind("platform", platform.wireName())
                    .bind("sealed", StateBoundSeal.seal(selectionToken, choice.resumeToken()))
                    .bind("choices", write(choice.choices()))
                    .bind("now", now)
                    .bind("expires", expires)
                    .execute();
        });
        return new PendingChoice(kind, choice.choices(), expires);
    }

    /** The choice still open under this token for this workspace and platform, whose choices are {@code kind}. */
    Optional<PendingChoice> find(String selectionToken, WorkspaceId workspace, Platform platform, ChoiceKind kind) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select choices, expires_at from connect_choices
                        where selection_hash = :hash and workspace_id = :workspace and platform = :platform
                          and used_at is null and expires_at > :now""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("workspace", workspace.value())
                .bind("platform", platform.wireName())
                .bind("now", clock.instant())
                .map((rs, ctx) -> new PendingChoice(kind, read(rs.getString("choices")), rs.getTimestamp("expires_at").toInstant()))
                .findOne());
    }

    private boolean open(String selectionToken, WorkspaceId workspace, Platform platform) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select exists (select 1 from connect_choices
                        where selection_hash = :hash and workspace_id = :workspace and platform = :platform
                          and used_at is null and expires_at > :now)""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("workspace", workspace.value())
                .bind("platform", platform.wireName())
                .bind("now", clock.instant())
                .mapTo(Boolean.class)
                .one());
    }

    /**
     * Claims the open choice for {@code owner} and answers what resumes it; empty when it is used,
     * expired or unknown. A choice another select holds is waited for (a double submit): it ends
     * used, or released by a failure and then claimed here. Each attempt is one short statement and
     * no lock is held afterwards, so the platform can be called with no connection open.
     */
    Optional<String> claim(String selectionToken, WorkspaceId workspace, Platform platform, String owner) {
        long giveUpAt = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<String> claimed = tryClaim(selectionToken, workspace, platform, owner);
            if (claimed.isPresent() || !open(selectionToken, workspace, platform)) {
                return claimed;
            }
            if (System.nanoTime() - giveUpAt > 0) {
                throw new ChoiceBusy();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChoiceBusy();
            }
        }
    }

    /** Another select of the same token is still under way. */
    static final class ChoiceBusy extends RuntimeException {
        ChoiceBusy() {
            super("another select with this selection token is still under way", null, false, false);
        }
    }

    private Optional<String> tryClaim(String selectionToken, WorkspaceId workspace, Platform platform, String owner) {
        Instant now = clock.instant();
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update connect_choices set lease_owner = :owner, lease_until = :until
                        where selection_hash = :hash and workspace_id = :workspace and platform = :platform
                          and used_at is null and expires_at > :now
                          and (lease_until is null or lease_until < :now)
                        returning sealed_resume_token""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("workspace", workspace.value())
                .bind("platform", platform.wireName())
                .bind("owner", owner)
                .bind("until", now.plus(LEASE))
                .bind("now", now)
                .map((rs, ctx) -> StateBoundSeal.open(selectionToken, rs.getBytes("sealed_resume_token")))
                .findOne());
    }

    /** Gives the claim back, if it is still this owner's, so the token stays usable until it expires. */
    void release(String selectionToken, String owner) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update connect_choices set lease_owner = null, lease_until = null
                        where selection_hash = :hash and lease_owner = :owner and used_at is null""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("owner", owner)
                .execute());
    }

    /**
     * Uses the token up, if {@code owner} still holds it; false when the claim ran out and someone
     * else took it meanwhile. Called in the transaction that records the connect.
     */
    boolean markUsed(String selectionToken, String owner) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update connect_choices set used_at = :now, lease_owner = null, lease_until = null
                        where selection_hash = :hash and lease_owner = :owner and used_at is null""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("owner", owner)
                .bind("now", clock.instant())
                .execute()) == 1;
    }

    private static String write(List<Choice> choices) {
        try {
            return JSON.writeValueAsString(choices);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write connect choices", e);
        }
    }

    private static List<Choice> read(String json) {
        try {
            return JSON.readValue(json, CHOICES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read connect choices", e);
        }
    }
}
