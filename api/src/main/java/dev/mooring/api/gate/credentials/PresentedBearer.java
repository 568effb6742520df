package dev.mooring.api.gate.credentials;

import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.util.List;

/**
 * What a caller sent as {@code Authorization: Bearer <credential>}, not yet checked: an API key on
 * {@code /v1}, the admin token on {@code /admin} and the actuator. The credential shows in no
 * {@code toString}; Spring Security prints it as {@code [PROTECTED]}.
 */
public final class PresentedBearer extends AbstractAuthenticationToken {

    private String credential;

    PresentedBearer(String credential) {
        super(List.of());
        this.credential = credential;
    }

    @Override
    public String getCredentials() {
        return credential;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    @Override
    public void eraseCredentials() {
        credential = null;
        super.eraseCredentials();
    }
}
