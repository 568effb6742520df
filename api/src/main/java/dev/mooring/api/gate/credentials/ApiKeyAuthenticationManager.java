package dev.mooring.api.gate.credentials;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.web.Blocking;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Checks an API key against the stored hashes and answers the key's workspace and scopes. Unknown and revoked
 * keys fail alike, so a caller learns nothing about which keys exist.
 */
final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    private final ApiKeys keys;

    ApiKeyAuthenticationManager(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication presented) {
        String key = (String) presented.getCredentials();
        // JDBC blocks: never on the event loop, and no longer than the request may wait
        return Blocking.call(() -> keys.authenticate(key))
                .flatMap(live -> live
                        .<Authentication>map(valid -> new WorkspaceAuthentication(valid.workspace(), valid.id(), valid.scopes()))
                        .map(Mono::just)
                        .orElseGet(() -> Mono.error(new BadCredentialsException("the API key is not valid"))));
    }
}
