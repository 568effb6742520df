package dev.mooring.api.web;

import dev.mooring.api.auth.ApiKeyFilter;
import dev.mooring.api.error.ApiException;
import dev.mooring.command.connect.ConnectFailed;
import dev.mooring.command.connect.OAuthConnectFlow;
import dev.mooring.command.connect.OAuthConnectFlow.Completed;
import dev.mooring.command.connect.OAuthConnectFlow.Started;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.query.AccountView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * OAuth connects: the caller starts one with its API key and sends the user's browser to the
 * answer's {@code redirectUrl}; the platform sends the browser back to {@code complete}, which the
 * state alone authorizes.
 */
@RestController
@RequestMapping("/v1/accounts/connect/{platform}")
public class ConnectController {

    private final OAuthConnectFlow flow;
    private final AccountReads reads;

    public ConnectController(OAuthConnectFlow flow, AccountReads reads) {
        this.flow = flow;
        this.reads = reads;
    }

    /** Optional start body; {@code boardId} only means something to Pinterest. */
    public record StartConnect(String returnUrl, String boardId) {
    }

    public record ConnectStarted(String redirectUrl, String state) {
    }

    @PostMapping
    public Mono<ConnectStarted> start(@PathVariable String platform,
                                      @RequestBody(required = false) StartConnect body,
                                      ServerWebExchange exchange) {
        WorkspaceId workspace = ApiKeyFilter.workspace(exchange);
        Platform target = platform(platform);
        URI returnUrl = body == null || body.returnUrl() == null ? null : parseReturnUrl(body.returnUrl());
        ConnectOptions options = new ConnectOptions(body == null ? null : body.boardId());
        return Blocking.call(() -> flow.start(workspace, target, returnUrl, options))
                .map((Started started) -> new ConnectStarted(started.redirectUrl().toString(), started.state()));
    }

    /**
     * Where the platform sends the browser. With a {@code returnUrl} the browser goes on there with
     * {@code accountId} or {@code error}; without one, the answer is the account (201) or the error.
     */
    @GetMapping("/complete")
    public Mono<ResponseEntity<AccountView>> complete(@PathVariable String platform,
                                                      @RequestParam(required = false) String state,
                                                      @RequestParam(required = false) String code,
                                                      @RequestParam(required = false) String error,
                                                      @RequestParam(name = "error_description", required = false) String errorDescription) {
        Platform target = platform(platform);
        return Blocking.call(() -> {
            Completed completed;
            try {
                completed = flow.complete(target, state, code, error, errorDescription);
            } catch (ConnectFailed failed) {
                if (failed.returnUrl() == null) {
                    throw failed;
                }
                return ResponseEntity.status(HttpStatus.FOUND)
                        .location(back(failed.returnUrl(), "error", failed.code().code())).<AccountView>build();
            }
            if (completed.returnUrl() != null) {
                return ResponseEntity.status(HttpStatus.FOUND)
                        .location(back(completed.returnUrl(), "accountId", completed.accountId().value())).<AccountView>build();
            }
            AccountView view = reads.findAfterWrite(completed.workspaceId(), completed.accountId())
                    .orElseThrow(() -> new IllegalStateException("connected account missing from the read model"));
            return ResponseEntity.status(HttpStatus.CREATED).body(view);
        });
    }

    private static URI back(URI returnUrl, String name, String value) {
        return UriComponentsBuilder.fromUri(returnUrl).queryParam(name, value).build().encode().toUri();
    }

    private static Platform platform(String name) {
        return Platform.fromWireName(name).orElseThrow(() -> ApiException.notFound("platform " + name));
    }

    private static URI parseReturnUrl(String returnUrl) {
        try {
            return URI.create(returnUrl);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("returnUrl is not a URL");
        }
    }
}
