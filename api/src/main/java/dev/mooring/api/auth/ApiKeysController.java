package dev.mooring.api.auth;

import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.gate.credentials.WorkspaceAuthentication;
import dev.mooring.api.web.Blocking;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Minting, listing and revoking the caller's workspace keys, with a key of that workspace that has
 * the {@code keys} scope. A key never mints one that may do more than itself.
 */
@RestController
@RequestMapping("/v1/api-keys")
public class ApiKeysController {

    private static final int MAX_NAME = 100;

    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    /** @param scopes wire names; absent means {@link ApiScope#DEFAULTS} */
    public record CreateKey(String name, List<String> scopes) {
    }

    /** The one answer that carries the key itself. */
    public record CreatedKey(String id, String name, String key, String prefix, List<String> scopes, Instant createdAt) {
    }

    public record KeyList(List<ApiKeys.KeyInfo> data) {
    }

    @Operation(operationId = "createApiKey", summary = "Create an API key with its scopes; the key is shown once")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<CreatedKey> create(@RequestBody(required = false) CreateKey body, @CallerWorkspace WorkspaceId workspace,
                                   WorkspaceAuthentication caller) {
        String name = body == null || body.name() == null ? "unnamed" : body.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiException.invalid("name must be 1 to " + MAX_NAME + " characters");
        }
        Set<ApiScope> scopes = body == null || body.scopes() == null ? ApiScope.DEFAULTS : parseScopes(body.scopes());
        scopes.stream().filter(scope -> !caller.scopes().contains(scope)).findFirst().ifPresent(missing -> {
            throw new ApiException(ErrorCode.INSUFFICIENT_SCOPE, "a key cannot create a key with the scope "
                    + missing.wireName() + ", which it does not have itself", "create it with a key that has that scope");
        });
        return Blocking.call(() -> keys.create(workspace, name, scopes))
                .map(key -> new CreatedKey(key.id(), key.name(), key.key(), key.prefix(), ApiScope.wireNames(key.scopes()),
                        key.createdAt()));
    }

    /** Known wire names only, at least one: a key that may do nothing is a mistake. */
    private static Set<ApiScope> parseScopes(List<String> names) {
        if (names.isEmpty()) {
            throw ApiException.invalid("scopes must name at least one scope; the scopes are " + String.join(", ", ApiScope.wireNames()));
        }
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String name : names) {
            // the answer lists what exists, never echoes the input
            scopes.add(ApiScope.fromWireName(name).orElseThrow(() -> ApiException.invalid(
                    "unknown scope; the scopes are " + String.join(", ", ApiScope.wireNames()))));
        }
        return scopes;
    }

    @Operation(operationId = "listApiKeys", summary = "List the workspace's API keys (never the keys themselves)")
    @GetMapping
    public Mono<KeyList> list(@CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> new KeyList(keys.list(workspace)));
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> revoke(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> keys.revoke(workspace, id))
                .flatMap(revoked -> revoked ? Mono.<Void>empty() : Mono.error(ApiException.notFound("API key")));
    }
}
