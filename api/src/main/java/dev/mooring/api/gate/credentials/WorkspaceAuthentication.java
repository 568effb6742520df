package dev.mooring.api.gate.credentials;

import dev.mooring.kernel.WorkspaceId;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/** A caller whose API key was valid: it acts in the key's workspace, which is its principal. */
public final class WorkspaceAuthentication extends AbstractAuthenticationToken {

    /** The authority every {@code /v1} route but the OAuth callbacks asks for. */
    public static final String AUTHORITY = "WORKSPACE";

    private final WorkspaceId workspace;

    WorkspaceAuthentication(WorkspaceId workspace) {
        super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
        this.workspace = workspace;
        setAuthenticated(true);
    }

    @Override
    public WorkspaceId getPrincipal() {
        return workspace;
    }

    /** The key is not kept past the check. */
    @Override
    public Object getCredentials() {
        return null;
    }
}
