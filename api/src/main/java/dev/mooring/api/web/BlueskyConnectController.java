package dev.mooring.api.web;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.limits.RateLimits;
import dev.mooring.api.limits.UpstreamWork;
import dev.mooring.command.platform.bluesky.BlueskyConnectFlow;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.query.AccountView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Bluesky connects without a browser: the caller sends the user's identifier and an app password
 * with its API key, and gets the account (201), its location when the read model is slow to show
 * it (202), or the error.
 */
@RestController
public class BlueskyConnectController {

    private final BlueskyConnectFlow flow;
    private final AccountReads reads;

    private final RateLimits limits;
    private final UpstreamWork upstream;

    public BlueskyConnectController(BlueskyConnectFlow flow, AccountReads reads, RateLimits limits, UpstreamWork upstream) {
        this.flow = flow;
        this.reads = reads;
        this.limits = limits;
        this.upstream = upstream;
    }

    /** {@code identifier}: handle, DID or email. Its {@code toString} never shows the app password. */
    public record ConnectBluesky(String identifier, String appPassword) {
        @Override
        public String toString() {
            return "ConnectBluesky[identifier=" + identifier + ", appPassword redacted]";
        }
    }

    @Operation(operationId = "connectBluesky", summary = "Connect a Bluesky account with its handle or email and an app password",
            responses = {@ApiResponse(responseCode = "201", description = "connected", content = @Content(schema = @Schema(implementation = AccountView.class))),
                    @ApiResponse(responseCode = "202", description = "connected; the account shows in a moment", content = @Content(schema = @Schema(implementation = AcceptedWrite.class)))})
    @PostMapping("/v1/accounts/connect/bluesky/complete")
    public Mono<ResponseEntity<?>> complete(@RequestBody ConnectBluesky body, @CallerWorkspace WorkspaceId workspace,
                                                      ServerWebExchange exchange) {
        limits.takeBlueskyLogin(exchange, workspace, body.identifier());
        // resolving the identity and logging in wait on servers the caller chose: kept to the workspace's own slots
        return upstream.<ResponseEntity<?>>call(workspace, () -> {
            AccountId id = flow.connect(workspace, body.identifier(), body.appPassword());
            return reads.findAfterWrite(workspace, id)
                    .<ResponseEntity<?>>map(view -> ResponseEntity.status(HttpStatus.CREATED).body(view))
                    .orElseGet(() -> AcceptedWrite.written(id));
        });
    }
}
