package dev.mooring.api.admin;

import dev.mooring.api.web.Blocking;
import dev.mooring.query.accounts.AccountsReplay;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operator routes: rebuilding the accounts read model from the event store while the service runs. */
@RestController
@RequestMapping("/admin/v1/rebuilds/accounts")
class AdminController {

    private final AccountsReplay replay;

    AdminController(AccountsReplay replay) {
        this.replay = replay;
    }

    /**
     * Starts a rebuild, or answers the one under way on any instance; poll the GET until
     * {@code finished} (it shows the table readers use, the one being rebuilt, and how far the
     * replay has come).
     */
    @Operation(operationId = "startAccountsRebuild", summary = "Rebuild the accounts read model from the event store")
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<AccountsReplay.Status> start() {
        return Blocking.call(replay::start);
    }

    @Operation(operationId = "getAccountsRebuild", summary = "How the accounts rebuild stands")
    @GetMapping
    Mono<AccountsReplay.Status> status() {
        return Mono.fromSupplier(replay::status);
    }
}
