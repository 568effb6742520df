package dev.mooring.api.sandbox;

import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.NewConnection;
import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ApplicationContext;

import java.time.Instant;

/**
 * Sandbox accounts with real sandbox grants, for tests about what happens after connecting: the
 * tokens come from the sandbox authorization server's own rules (rotation, reuse detection), the
 * account from the same ConnectService the OAuth flow ends in.
 */
public final class SandboxAccounts {

    private static final String VERIFIER = "test-verifier-0123456789-0123456789-0123456789";

    private final SandboxGrants grants;
    private final ConnectService connect;
    private final PublicBaseUrl publicUrl;
    private final Jdbi jdbi;

    private SandboxAccounts(SandboxGrants grants, ConnectService connect, PublicBaseUrl publicUrl, Jdbi jdbi) {
        this.grants = grants;
        this.connect = connect;
        this.publicUrl = publicUrl;
        this.jdbi = jdbi;
    }

    public static SandboxAccounts of(ApplicationContext context) {
        return new SandboxAccounts(context.getBean(SandboxGrants.class), context.getBean(ConnectService.class),
                context.getBean(PublicBaseUrl.class), context.getBean(Jdbi.class));
    }

    public AccountId connect(WorkspaceId workspace, String username) {
        String redirectUri = publicUrl.redirectUri("sandbox").toString();
        String code = grants.authorize(username, "Name of " + username, redirectUri, SandboxGrants.challenge(VERIFIER));
        SandboxGrants.Issued tokens = grants.exchange(code, redirectUri, VERIFIER).orElseThrow();
        Instant now = Instant.now();
        return connect.connect(new NewConnection(workspace, Platform.SANDBOX, SandboxGrants.userId(username),
                new AccountProfile("Name of " + username, username, null),
                new PlainCredentials(tokens.accessToken(), tokens.refreshToken(), null,
                        now.plusSeconds(tokens.expiresIn()), now.plusSeconds(tokens.refreshExpiresIn())),
                AccountExtensions.NONE));
    }

    /** What a user removing the app upstream does: every token of their grants stops working. */
    public void revokeUpstream(String username) {
        jdbi.useHandle(h -> h.createUpdate("update sandbox_grants set revoked_at = now() where username = :u")
                .bind("u", username).execute());
    }
}
