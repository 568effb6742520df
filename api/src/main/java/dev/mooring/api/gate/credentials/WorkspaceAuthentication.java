package dev.mooring.api.gate.credentials;

import dev.mooring.api.gate.ApiScope;
import dev.mooring.kernel.WorkspaceId;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A caller whose API key was valid: it acts in the key's workspace, which is its principal, with
 * the key's scopes as authorities. The key's id (never the key) names the caller in audit entries.
 */
public final class WorkspaceAuthentication extends AbstractAuthenticationToken {

    /** The authority every {@code /v1} route but the OAuth callbacks asks for. */
    public static final String AUTHORITY = "WORKSPACE";

    private final WorkspaceId workspace;
    private final String keyId;
    private final Set<ApiScope> scopes;

    WorkspaceAuthentication(WorkspaceId workspace, String keyId, Set<ApiScope> scopes) {
        super(authorities(scopes));
        this.workspace = workspace;
        this.keyId = keyId;
        this.scopes = Set.copyOf(scopes);
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Set<ApiScope> scopes) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(AUTHORITY));
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
        return authorities;
    }

    @Override
    public WorkspaceId getPrincipal() {
        return workspace;
    }

    public String keyId() {
        return keyId;
    }

    public Set<ApiScope> scopes() {
        return scopes;
    }

    /** The key is not kept past the check. */
    @Override
    public Object getCredentials() {
        return null;
    }
}
