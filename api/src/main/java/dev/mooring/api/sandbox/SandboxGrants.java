package dev.mooring.api.sandbox;

import dev.mooring.kernel.Sha256;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.command.platform.sandbox.SandboxProperties;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sandbox authorization server's rules, kept in PostgreSQL so they hold across restarts and
 * instances: single-use codes bound to a redirect URI and PKCE challenge, short-lived access
 * tokens, and refresh tokens that rotate. Presenting a refresh token twice revokes the whole grant,
 * as strict platforms do, so a careless double refresh shows up at once.
 */
@Component
class SandboxGrants {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final SandboxProperties properties;
    private final SecureRandom random;
    private final Clock clock;

    SandboxGrants(Jdbi jdbi, SandboxProperties properties, SecureRandom random, Clock clock) {
        this.jdbi = jdbi;
        this.properties = properties;
        this.random = random;
        this.clock = clock;
    }

    record Issued(String accessToken, String refreshToken, long expiresIn, long refreshExpiresIn) {
        @Override
        public String toString() {
            return "Issued[tokens redacted]";
        }
    }

    record User(String id, String username, String name) {
    }

    /** The same username is always the same upstream user, so reconnecting finds the same account. */
    static String userId(String username) {
        return "sbx_" + HexFormat.of().formatHex(sha256("sandbox-user|" + username), 0, 8);
    }

    String authorize(String username, String displayName, String redirectUri, String codeChallenge) {
        return jdbi.inTransaction(handle -> {
            String grant = "grant_" + UlidCreator.getMonotonicUlid();
            handle.createUpdate("""
                            insert into sandbox_grants (grant_id, user_id, username, display_name, created_at)
                            values (:grant, :user, :username, :name, :now)""")
                    .bind("grant", grant)
                    .bind("user", userId(username))
                    .bind("username", username)
                    .bind("name", displayName)
                    .bind("now", clock.instant())
                    .execute();
            String code = token("sbx_code_");
            insertToken(handle, code, grant, "code", CODE_LIFETIME, redirectUri, codeChallenge);
            return code;
        });
    }

    /** Tokens for a code, or empty when the code is unknown, used, expired, or its redirect or verifier do not match. */
    Optional<Issued> exchange(String code, String redirectUri, String codeVerifier) {
        return jdbi.inTransaction(handle -> use(handle, code, "code")
                .filter(row -> row.redirectUri().equals(redirectUri))
                .filter(row -> row.codeChallenge() != null && codeVerifier != null
                        && row.codeChallenge().equals(challenge(codeVerifier)))
                .map(row -> issue(handle, row.grantId())));
    }

    /** New tokens for a refresh token; a refresh token seen before kills its grant. */
    Optional<Issued> refresh(String refreshToken) {
        return jdbi.inTransaction(handle -> {
            Optional<TokenRow> row = find(handle, refreshToken, "refresh");
            if (row.isEmpty() || row.get().revoked() || row.get().expiresAt().isBefore(clock.instant())) {
                return Optional.empty();
            }
            if (row.get().usedAt() != null) {
                revokeGrant(handle, row.get().grantId());
                return Optional.empty();
            }
            markUsed(handle, refreshToken);
            return Optional.of(issue(handle, row.get().grantId()));
        });
    }

    Optional<User> user(String accessToken) {
        return jdbi.withHandle(handle -> find(handle, accessToken, "access")
                .filter(row -> !row.revoked() && row.expiresAt().isAfter(clock.instant()))
                .map(row -> handle.createQuery("select user_id, username, display_name from sandbox_grants where grant_id = :grant")
                        .bind("grant", row.grantId())
                        .map((rs, ctx) -> new User(rs.getString("user_id"), rs.getString("username"), rs.getString("display_name")))
                        .one()));
    }

    /** RFC 7009: revoking any token of a grant ends the grant; unknown tokens are not an error. */
    void revoke(String token) {
        jdbi.useTransaction(handle -> {
            for (String kind : new String[]{"access", "refresh"}) {
                find(handle, token, kind).ifPresent(row -> revokeGrant(handle, row.grantId()));
            }
        });
    }

    private Issued issue(Handle handle, String grantId) {
        String access = token("sbx_at_");
        String refresh = token("sbx_rt_");
        insertToken(handle, access, grantId, "access", properties.accessTokenLifetime(), null, null);
        insertToken(handle, refresh, grantId, "refresh", properties.refreshTokenLifetime(), null, null);
        return new Issued(access, refresh, properties.accessTokenLifetime().toSeconds(), properties.refreshTokenLifetime().toSeconds());
    }

    private record TokenRow(String grantId, Instant expiresAt, Instant usedAt, String redirectUri, String codeChallenge,
                            boolean revoked) {
    }

    private Optional<TokenRow> use(Handle handle, String token, String kind) {
        Optional<TokenRow> row = find(handle, token, kind)
                .filter(r -> !r.revoked() && r.usedAt() == null && r.expiresAt().isAfter(clock.instant()));
        row.ifPresent(r -> markUsed(handle, token));
        return row;
    }

    private Optional<TokenRow> find(Handle handle, String token, String kind) {
        return handle.createQuery("""
                        select t.grant_id, t.expires_at, t.used_at, t.redirect_uri, t.code_challenge,
                               g.revoked_at is not null as revoked
                        from sandbox_tokens t join sandbox_grants g on g.grant_id = t.grant_id
                        where t.token_hash = :hash and t.kind = :kind
                        for update of t""")
                .bind("hash", sha256(token))
                .bind("kind", kind)
                .map((rs, ctx) -> new TokenRow(rs.getString("grant_id"), rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant(),
                        rs.getString("redirect_uri"), rs.getString("code_challenge"), rs.getBoolean("revoked")))
                .findOne();
    }

    private void markUsed(Handle handle, String token) {
        handle.createUpdate("update sandbox_tokens set used_at = :now where token_hash = :hash")
                .bind("now", clock.instant())
                .bind("hash", sha256(token))
                .execute();
    }

    private void revokeGrant(Handle handle, String grantId) {
        handle.createUpdate("update sandbox_grants set revoked_at = coalesce(revoked_at, :now) where grant_id = :grant")
                .bind("now", clock.instant())
                .bind("grant", grantId)
                .execute();
    }

    private void insertToken(Handle handle, String token, String grantId, String kind, Duration lifetime,
                             String redirectUri, String codeChallenge) {
        handle.createUpdate("""
                        insert into sandbox_tokens (token_hash, grant_id, kind, expires_at, redirect_uri, code_challenge)
                        values (:hash, :grant, :kind, :expires, :redirectUri, :challenge)""")
                .bind("hash", sha256(token))
                .bind("grant", grantId)
                .bind("kind", kind)
                .bind("expires", clock.instant().plus(lifetime))
                .bind("redirectUri", redirectUri)
                .bind("challenge", codeChallenge)
                .execute();
    }

    private String token(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                sha256Bytes(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256Bytes(byte[] bytes) {
        return Sha256.of(bytes);
    }
}
