package dev.mooring.command.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    PendingChoice save(String selectionToken, WorkspaceId workspace, Platform platform, ChoiceRequired choice) {
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
        return new PendingChoice(choice.choices(), expires);
    }

    /** The choice still open under this token for this workspace and platform. */
    Optional<PendingChoice> find(String selectionToken, WorkspaceId workspace, Platform platform) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select choices, expires_at from connect_choices
                        where selection_hash = :hash and workspace_id = :workspace and platform = :platform
                          and used_at is null and expires_at > :now""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("workspace", workspace.value())
                .bind("platform", platform.wireName())
                .bind("now", clock.instant())
                .map((rs, ctx) -> new PendingChoice(read(rs.getString("choices")), rs.getTimestamp("expires_at").toInstant()))
                .findOne());
    }

    /**
     * Locks the open choice until the surrounding transaction ends and answers what resumes it. A
     * second caller waits here, then finds it used, so at most one connect finishes per token;
     * a connect that fails rolls back and leaves the token usable until it expires.
     */
    Optional<String> lockResumeToken(String selectionToken, WorkspaceId workspace, Platform platform) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select sealed_resume_token from connect_choices
                        where selection_hash = :hash and workspace_id = :workspace and platform = :platform
                          and used_at is null and expires_at > :now
                        for update""")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("workspace", workspace.value())
                .bind("platform", platform.wireName())
                .bind("now", clock.instant())
                .map((rs, ctx) -> StateBoundSeal.open(selectionToken, rs.getBytes("sealed_resume_token")))
                .findOne());
    }

    void markUsed(String selectionToken) {
        jdbi.useHandle(handle -> handle.createUpdate("update connect_choices set used_at = :now where selection_hash = :hash")
                .bind("hash", StateBoundSeal.stateHash(selectionToken))
                .bind("now", clock.instant())
                .execute());
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
