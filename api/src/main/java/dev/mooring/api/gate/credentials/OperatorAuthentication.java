package dev.mooring.api.gate.credentials;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * A caller who presented the admin token: the operator. Its role is what {@code /admin} routes ask
 * for and what the actuator's {@code when-authorized} health details check
 * ({@code management.endpoint.health.roles: ADMIN}).
 */
public final class OperatorAuthentication extends AbstractAuthenticationToken {

    public static final String AUTHORITY = "ROLE_ADMIN";

    static final OperatorAuthentication OPERATOR = new OperatorAuthentication();

    private OperatorAuthentication() {
        super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
        setAuthenticated(true);
    }

    @Override
    public String getPrincipal() {
        return "admin";
    }

    /** The token is not kept past the check. */
    @Override
    public Object getCredentials() {
        return null;
    }
}
