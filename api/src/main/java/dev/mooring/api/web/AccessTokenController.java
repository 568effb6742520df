package dev.mooring.api.web;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.gate.credentials.WorkspaceAuthentication;
import dev.mooring.api.limits.UpstreamWork;
import dev.mooring.command.handout.TokenHandOut;
import dev.mooring.command.lifecycle.AccountRefresher;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * The audited token hand-out, for a caller that must use a platform SDK: the account's current
 * access token, renewed first when it is inside its refresh margin, with a {@code token.accessed}
 * entry in the account's history naming the API key. Needs the {@code tokens:read} scope, which no
 * key has unless it was asked for. A POST, so no cache or prefetch ever fetches it.
 */
@RestController
public class AccessTokenController {

    private final AccountRefresher refresher;
    private final TokenHandOut handOut;
    private final UpstreamWork upstream;

    public AccessTokenController(AccountRefresher refresher, TokenHandOut handOut, UpstreamWork upstream) {
        this.refresher = refresher;
        this.handOut = handOut;
        this.upstream = upstream;
    }

    /** @param expiresAt absent for a token that never expires */
    public record AccessToken(String accessToken, Instant expiresAt, String platform) {
        @Override
        public String toString() {
            return "AccessToken[" + platform + ", expiresAt=" + expiresAt + ", token redacted]";
        }
    }

    @Operation(operationId = "handOutAccessToken", summary = "Hand out the account's current platform access token (audited)")
    @PostMapping("/v1/accounts/{id}/access-token")
    public Mono<ResponseEntity<AccessToken>> handOut(@PathVariable String id, @CallerWorkspace WorkspaceId workspace,
                                                     WorkspaceAuthentication caller) {
        AccountId accountId = AccountsController.parseId(id);
        // the renewal (if due) talks to the platform with no lock held; the hand-out itself is local
        return upstream.finish(workspace, () -> refresher.renewIfDue(accountId, workspace))
                .flatMap(renewal -> Blocking.call(() -> handOut.handOut(accountId, workspace, caller.keyId())))
                .map(token -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .body(new AccessToken(token.accessToken(), token.expiresAt(), token.platform().wireName())));
    }
}
