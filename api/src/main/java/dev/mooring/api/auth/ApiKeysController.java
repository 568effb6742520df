package dev.mooring.api.auth;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.web.Blocking;
import dev.mooring.kernel.WorkspaceId;
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
import java.util.List;

/** Minting, listing and revoking the caller's workspace keys, with any live key of that workspace. */
@RestController
@RequestMapping("/v1/api-keys")
public class ApiKeysController {

    private static final int MAX_NAME = 100;

    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    public record CreateKey(String name) {
    }

    /** The one answer that carries the key itself. */
    public record CreatedKey(String id, String name, String key, String prefix, Instant createdAt) {
    }

    public record KeyList(List<ApiKeys.KeyInfo> data) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<CreatedKey> create(@RequestBody(required = false) CreateKey body, @CallerWorkspace WorkspaceId workspace) {
        String name = body == null || body.name() == null ? "unnamed" : body.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiException.invalid("name must be 1 to " + MAX_NAME + " characters");
        }
        return Blocking.call(() -> keys.create(workspace, name))
                .map(key -> new CreatedKey(key.id(), key.name(), key.key(), key.prefix(), key.createdAt()));
    }

    @GetMapping
    public Mono<KeyList> list(@CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> new KeyList(keys.list(workspace)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> revoke(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> keys.revoke(workspace, id))
                .flatMap(revoked -> revoked ? Mono.<Void>empty() : Mono.error(ApiException.notFound("API key")));
    }
}
