package dev.mooring.api.web;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.limits.LimitedAction;
import dev.mooring.api.limits.RateLimits;
import dev.mooring.api.limits.UpstreamWork;
import dev.mooring.command.lifecycle.AccountDisconnector;
import dev.mooring.command.lifecycle.AccountRefresher;
import dev.mooring.command.lifecycle.RefreshOutcome;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.query.AccountPage;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.kernel.query.FindAccounts;
import dev.mooring.kernel.query.RefreshFailing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

/** The accounts of the caller's workspace: list, fetch, delete. */
@RestController
@RequestMapping("/v1/accounts")
public class AccountsController {

    private final AccountReads reads;
    private final AccountRefresher refresher;
    private final AccountDisconnector disconnector;

    private final RateLimits limits;
    private final UpstreamWork upstream;

    public AccountsController(AccountReads reads, AccountRefresher refresher, AccountDisconnector disconnector,
                              RateLimits limits, UpstreamWork upstream) {
        this.reads = reads;
        this.refresher = refresher;
        this.disconnector = disconnector;
        this.limits = limits;
        this.upstream = upstream;
    }

    /** A page of accounts; pass {@code nextCursor} back as {@code cursor} for the next one. */
    public record AccountList(List<AccountView> data, String nextCursor) {
    }

    @Operation(operationId = "listAccounts", summary = "List the workspace's accounts, by platform and status")
    @GetMapping
    public Mono<AccountList> list(@RequestParam(required = false) String platform,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(required = false) String limit,
                                  @RequestParam(required = false) String cursor,
                                  @CallerWorkspace WorkspaceId workspace) {
        FindAccounts query = new FindAccounts(workspace,
                platform == null ? null : Platform.fromWireName(platform)
                        .orElseThrow(ApiException::unknownPlatform),
                status == null ? null : AccountStatus.fromWireName(status)
                        .orElseThrow(() -> ApiException.invalid("status must be active, expiring or revoked")),
                cursor == null ? null : Cursor.decode(cursor, AccountId::isWellFormed),
                PageLimit.parse(limit));
        return Blocking.call(() -> reads.find(query)).map(AccountsController::toList);
    }

    @Operation(operationId = "getAccount", summary = "Read an account")
    @GetMapping("/{id}")
    public Mono<AccountView> get(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        AccountId accountId = parseId(id);
        return Blocking.call(() -> reads.find(workspace, accountId).orElseThrow(() -> ApiException.notFound("account")));
    }

    /** 204 once the account has left the read model; 202 when that takes longer than the read-after-write timeout. */
    @Operation(operationId = "disconnectAccount", summary = "Disconnect an account: its secrets are destroyed, its history stays",
            responses = {@ApiResponse(responseCode = "204", description = "disconnected"),
                    @ApiResponse(responseCode = "202", description = "disconnected; the account reads 404 in a moment", content = @Content(schema = @Schema(implementation = AcceptedWrite.class)))})
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<?>> delete(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        AccountId accountId = parseId(id);
        return Blocking.call(() -> {
            try (AccountWatch watch = reads.watch(workspace, accountId)) {
                disconnector.disconnect(accountId, workspace);
                return watch.gone() ? ResponseEntity.noContent().build()
                        : AcceptedWrite.of(accountId, "the account is disconnected; location answers 404 in a moment");
            }
        });
    }

    /** Refreshes the account's tokens upstream now. */
    @Operation(operationId = "refreshAccount", summary = "Refresh the account's tokens upstream now",
            responses = {@ApiResponse(responseCode = "200", description = "the account after the refresh", content = @Content(schema = @Schema(implementation = AccountView.class))),
                    @ApiResponse(responseCode = "202", description = "refreshed; the account shows it in a moment", content = @Content(schema = @Schema(implementation = AcceptedWrite.class)))})
    @PostMapping("/{id}/refresh")
    public Mono<ResponseEntity<?>> refresh(@PathVariable String id, @CallerWorkspace WorkspaceId workspace,
                                           ServerWebExchange exchange) {
        AccountId accountId = parseId(id);
        limits.take(exchange, workspace, LimitedAction.ACCOUNT_CHECK);
        return Mono.using(() -> reads.watch(workspace, accountId),
                watch -> upstream.finish(workspace, () -> refresher.refresh(accountId, workspace, true))
                        .flatMap(outcome -> Blocking.call(() -> answer(watch, workspace, accountId, outcome))),
                AccountWatch::close);
    }

    /** Checks the account against its platform now; a dead account is revoked and answers {@code platform_auth_failed}. */
    @Operation(operationId = "verifyAccount", summary = "Check the account against its platform now",
            responses = {@ApiResponse(responseCode = "200", description = "the account, alive", content = @Content(schema = @Schema(implementation = AccountView.class))),
                    @ApiResponse(responseCode = "202", description = "verified; the account shows it in a moment", content = @Content(schema = @Schema(implementation = AcceptedWrite.class)))})
    @PostMapping("/{id}/verify")
    public Mono<ResponseEntity<?>> verify(@PathVariable String id, @CallerWorkspace WorkspaceId workspace,
                                          ServerWebExchange exchange) {
        AccountId accountId = parseId(id);
        limits.take(exchange, workspace, LimitedAction.ACCOUNT_CHECK);
        return Mono.using(() -> reads.watch(workspace, accountId),
                watch -> upstream.finish(workspace, () -> refresher.verify(accountId, workspace))
                        .flatMap(outcome -> Blocking.call(() -> answer(watch, workspace, accountId, outcome))),
                AccountWatch::close);
    }

    /** The account as the outcome left it (202 when the read model is slow to show it), or the outcome's error. */
    private ResponseEntity<?> answer(AccountWatch watch, WorkspaceId workspace, AccountId id, RefreshOutcome outcome) {
        Optional<AccountView> view = reads.afterWrite(watch, workspace, id);
        return switch (outcome) {
            case REVOKED -> throw new ApiException(ErrorCode.PLATFORM_AUTH_FAILED,
                    view.map(AccountView::statusReason).orElse("the platform refused the account's credentials"),
                    "connect the account again");
            case FAILED -> throw new ApiException(ErrorCode.PLATFORM_UNAVAILABLE,
                    view.map(AccountView::refreshFailing).map(RefreshFailing::lastErrorReason)
                            .orElse("the platform could not renew the token now"),
                    "try again later; Mooring keeps retrying on its own");
            case OPERATOR_FAULT -> throw new ApiException(ErrorCode.PLATFORM_UNAVAILABLE,
                    view.map(v -> v.platform().wireName()).orElse("the platform")
                            + " cannot be reached with Mooring's current configuration",
                    "nothing to do on the account: the operator has been told, and Mooring retries on its own");
            case REFRESHED, NOT_DUE -> view.<ResponseEntity<?>>map(ResponseEntity::ok)
                    .orElseGet(() -> AcceptedWrite.written(id));
        };
    }

    private static AccountList toList(AccountPage page) {
        return new AccountList(page.items(), Cursor.encode(page.nextAfterId()));
    }

    /** Any id that is not a well-formed account id names no account: 404, like a stranger's. */
    static AccountId parseId(String id) {
        if (!AccountId.isWellFormed(id)) {
            throw ApiException.notFound("account");
        }
        return new AccountId(id);
    }
}
