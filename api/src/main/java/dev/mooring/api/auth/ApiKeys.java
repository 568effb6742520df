package dev.mooring.api.auth;

import dev.mooring.api.gate.ApiScope;
import dev.mooring.kernel.Sha256;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Workspaces and their API keys. A key is {@code mk_} plus 256 random bits; only its SHA-256 is
 * stored, so the plaintext exists once, in the answer that created it. Each key carries its scopes
 * ({@link ApiScope}), fixed at creation.
 */
@Component
public class ApiKeys {

    private static final String KEY_PREFIX = "mk_";
    private static final Pattern KEY_SHAPE = Pattern.compile("mk_[A-Za-z0-9_-]{43}");

    private final Jdbi jdbi;
    private final SecureRandom random;

    public ApiKeys(Jdbi jdbi, SecureRandom random) {
        this.jdbi = jdbi;
        this.random = random;
    }

    /** A key as listed: never the key itself. */
    public record KeyInfo(String id, String name, String prefix, List<String> scopes, Instant createdAt, Instant revokedAt) {
    }

    /** A presented key that is known and not revoked. */
    public record LiveKey(String id, WorkspaceId workspace, Set<ApiScope> scopes) {
    }

    /** A key as created: the only time the plaintext is seen. */
    public record NewKey(String id, WorkspaceId workspaceId, String name, String key, String prefix, Set<ApiScope> scopes,
                         Instant createdAt) {
        @Override
        public String toString() {
            return "NewKey[" + id + ", " + prefix + "…]";
        }
    }

    public WorkspaceId createWorkspace(String name) {
        WorkspaceId id = new WorkspaceId(WorkspaceId.PREFIX + UlidCreator.getMonotonicUlid());
        jdbi.useHandle(handle -> handle.createUpdate("insert into workspaces (workspace_id, name) values (:id, :name)")
                .bind("id", id.value())
                .bind("name", name)
                .execute());
        return id;
    }

    /** The development workspace, created on first use; there is only ever one. */
    public WorkspaceId developmentWorkspace() {
        String candidate = WorkspaceId.PREFIX + UlidCreator.getMonotonicUlid();
        return jdbi.withHandle(handle -> {
            handle.createUpdate("""
                            insert into workspaces (workspace_id, name, development) values (:id, 'Development', true)
                            on conflict (development) where development do nothing""")
                    .bind("id", candidate)
                    .execute();
            return handle.createQuery("select workspace_id from workspaces where development")
                    .mapTo(String.class)
                    .map(WorkspaceId::new)
                    .one();
        });
    }

    /** Every workspace named exactly {@code name}, oldest first. */
    public List<WorkspaceId> workspacesNamed(String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select workspace_id from workspaces where name = :name order by created_at, workspace_id")
                .bind("name", name)
                .mapTo(String.class)
                .map(WorkspaceId::new)
                .list());
    }

    /** A key with the {@link ApiScope#DEFAULTS default scopes}. */
    public NewKey create(WorkspaceId workspace, String name) {
        return create(workspace, name, ApiScope.DEFAULTS);
    }

    public NewKey create(WorkspaceId workspace, String name, Set<ApiScope> scopes) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = "key_" + UlidCreator.getMonotonicUlid();
        String prefix = key.substring(0, 10);
        Instant createdAt = jdbi.withHandle(handle -> handle.createQuery("""
                        insert into api_keys (key_id, workspace_id, name, key_hash, key_prefix, scopes)
                        values (:id, :workspace, :name, :hash, :prefix, :scopes)
                        returning created_at""")
                .bind("id", id)
                .bind("workspace", workspace.value())
                .bind("name", name)
                .bind("hash", sha256(key))
                .bind("prefix", prefix)
                .bindArray("scopes", String.class, ApiScope.wireNames(scopes))
                .mapTo(Instant.class)
                .one());
        return new NewKey(id, workspace, name, key, prefix, scopes, createdAt);
    }

    /** The key presented, if it is well-formed, known and not revoked. */
    public Optional<LiveKey> authenticate(String presented) {
        if (presented == null || !KEY_SHAPE.matcher(presented).matches()) {
            return Optional.empty();
        }
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select key_id, workspace_id, scopes from api_keys where key_hash = :hash and revoked_at is null")
                .bind("hash", sha256(presented))
                .map((rs, ctx) -> new LiveKey(rs.getString("key_id"), new WorkspaceId(rs.getString("workspace_id")),
                        scopes(rs.getArray("scopes"))))
                .findOne());
    }

    public List<KeyInfo> list(WorkspaceId workspace) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select key_id, name, key_prefix, scopes, created_at, revoked_at from api_keys
                        where workspace_id = :workspace order by key_id""")
                .bind("workspace", workspace.value())
                .map((rs, ctx) -> new KeyInfo(rs.getString("key_id"), rs.getString("name"), rs.getString("key_prefix"),
                        ApiScope.wireNames(scopes(rs.getArray("scopes"))),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant()))
                .list());
    }

    /** Revokes the key if the workspace owns it; false when it does not (or it does not exist). */
    public boolean revoke(WorkspaceId workspace, String keyId) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update api_keys set revoked_at = coalesce(revoked_at, now())
                        where key_id = :id and workspace_id = :workspace""")
                .bind("id", keyId)
                .bind("workspace", workspace.value())
                .execute()) == 1;
    }

    /** A name this version does not know (written by a newer one) grants nothing here. */
    private static Set<ApiScope> scopes(Array stored) throws SQLException {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        Arrays.stream((String[]) stored.getArray()).map(ApiScope::fromWireName).flatMap(Optional::stream).forEach(scopes::add);
        return scopes;
    }

    private static byte[] sha256(String key) {
        return Sha256.of(key);
    }
}
