package dev.mooring.api.idempotency;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.command.vault.DerivedKeySealer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code idempotency_keys} table. Each statement commits on its own: no transaction is open while
 * a request runs. A key is claimed with one atomic upsert, so of two requests racing with one key,
 * exactly one runs. Expired keys are purged lazily, a batch at each claim.
 */
@Component
class IdempotencyKeys {

    /** How long a claim outlives the instance that made it: far longer than any request may run. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
    private static final String SEAL_PURPOSE = "idempotent-answer";
    private static final int PURGE_BATCH = 100;
    private static final int CLAIM_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final Jdbi jdbi;
    private final DerivedKeySealer sealer;
    private final Clock clock;
    private final Duration retention;

    IdempotencyKeys(Jdbi jdbi, DerivedKeySealer sealer, Clock clock, IdempotencyProperties properties) {
        this.jdbi = jdbi;
        this.sealer = sealer;
        this.clock = clock;
        this.retention = properties.retention();
    }

    Claim claim(IdempotentRequest request) {
        Instant now = clock.instant();
        purgeExpired(now);
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            String claimId = UlidCreator.getMonotonicUlid().toString();
            if (tryClaim(request, claimId, now)) {
                return new Claim.Owned(claimId);
            }
            Optional<Claim> existing = existing(request, now);
            if (existing.isPresent()) {
                return existing.get();
            }
            // released or expired between the two statements: claim again
        }
        return new Claim.InProgress();
    }

    /** Keeps the answer of a claimed request, unless the claim is no longer this request's. */
    void keep(IdempotentRequest request, String claimId, StoredResponse response) {
        byte[] sealed = sealer.seal(SEAL_PURPOSE, request.sealContext(), response.sealedPart());
        int kept = jdbi.withHandle(handle -> handle.createUpdate("""
                        update idempotency_keys
                        set response_status = :status, sealed_response = :sealed, claim_id = null, claimed_until = null
                        where workspace_id = :workspace and key_hash = :key and claim_id = :claim""")
                .bind("status", response.status())
                .bind("sealed", sealed)
                .bind("workspace", request.workspace().value())
                .bind("key", request.keyHash())
                .bind("claim", claimId)
                .execute());
        if (kept == 0) {
            log.warn("an idempotent request of workspace {} finished after its claim was taken over; its answer is not kept",
                    request.workspace().value());
        }
    }

    /** Gives the key up, so the client may retry with it: the request failed in a way that may pass. */
    void release(IdempotentRequest request, String claimId) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        delete from idempotency_keys
                        where workspace_id = :workspace and key_hash = :key and claim_id = :claim""")
                .bind("workspace", request.workspace().value())
                .bind("key", request.keyHash())
                .bind("claim", claimId)
                .execute());
    }

    /**
     * Inserts the claim; or takes over an expired row, or the abandoned claim of the same request (its
     * instance died before answering).
     */
    private boolean tryClaim(IdempotentRequest request, String claimId, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        insert into idempotency_keys (workspace_id, key_hash, method, path, request_hash,
                                                      claim_id, claimed_until, created_at, expires_at)
                        values (:workspace, :key, :method, :path, :request, :claim, :claimedUntil, :now, :expiresAt)
                        on conflict (workspace_id, key_hash) do update
                        set method = excluded.method, path = excluded.path, request_hash = excluded.request_hash,
                            claim_id = excluded.claim_id, claimed_until = excluded.claimed_until,
                            response_status = null, sealed_response = null,
                            created_at = excluded.created_at, expires_at = excluded.expires_at
                        where idempotency_keys.expires_at <= :now
                           or (idempotency_keys.claim_id is not null and idempotency_keys.claimed_until <= :now
                               and idempotency_keys.method = excluded.method and idempotency_keys.path = excluded.path
                               and idempotency_keys.request_hash = excluded.request_hash)""")
                .bind("workspace", request.workspace().value())
                .bind("key", request.keyHash())
                .bind("method", request.method())
                .bind("path", request.path())
                .bind("request", request.requestHash())
                .bind("claim", claimId)
                .bind("claimedUntil", now.plus(ABANDONED_AFTER))
                .bind("now", now)
                .bind("expiresAt", now.plus(retention))
                .execute()) == 1;
    }

    private Optional<Claim> existing(IdempotentRequest request, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                                select method, path, request_hash, claim_id, response_status, sealed_response
                                from idempotency_keys
                                where workspace_id = :workspace and key_hash = :key and expires_at > :now""")
                        .bind("workspace", request.workspace().value())
                        .bind("key", request.keyHash())
                        .bind("now", now)
                        .map((row, context) -> {
                            if (!request.sameAs(row.getString("method"), row.getString("path"), row.getBytes("request_hash"))) {
                                return new Claim.Conflict();
                            }
                            if (row.getString("claim_id") != null) {
                                return new Claim.InProgress();
                            }
                            return replay(request, row.getInt("response_status"), row.getBytes("sealed_response"));
                        })
                        .findOne());
    }

    private Claim replay(IdempotentRequest request, int status, byte[] sealed) {
        return sealer.open(SEAL_PURPOSE, request.sealContext(), sealed)
                .<Claim>map(plain -> new Claim.Replay(StoredResponse.of(status, plain)))
                .orElseGet(Claim.Unreadable::new);
    }

    /** A bounded batch per claim: as long as keys arrive, expired ones leave at least as fast. */
    private void purgeExpired(Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        delete from idempotency_keys where ctid = any (array(
                            select ctid from idempotency_keys where expires_at <= :now limit :batch))""")
                .bind("now", now)
                .bind("batch", PURGE_BATCH)
                .execute());
    }
}
