package dev.mooring.api.gate.credentials;

import dev.mooring.api.admin.AdminProperties;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the admin token ({@code MOORING_ADMIN_TOKEN}); with none configured, nothing passes. */
final class AdminTokenAuthenticationManager implements ReactiveAuthenticationManager {

    private final AdminProperties properties;

    AdminTokenAuthenticationManager(AdminProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication presented) {
        if (properties.enabled() && matches((String) presented.getCredentials())) {
            return Mono.just(OperatorAuthentication.OPERATOR);
        }
        return Mono.error(new BadCredentialsException("the admin token is not valid"));
    }

    /** Constant-time, so response timing tells nothing about how much of a guess was right. */
    private boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                properties.token().getBytes(StandardCharsets.UTF_8));
    }
}
