package dev.mooring.api.web;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.events.AccountEvent;
import dev.mooring.query.history.AccountHistory;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.regex.Pattern;

/** The audit trail of one account, oldest first, readable after the account was disconnected. */
@RestController
public class AccountHistoryController {

    private static final Pattern SEQUENCE = Pattern.compile("\\d{1,18}");

    private final AccountHistory history;

    public AccountHistoryController(AccountHistory history) {
        this.history = history;
    }

    public record HistoryList(List<AccountEvent> data, String nextCursor) {
    }

    @Operation(operationId = "getAccountHistory", summary = "The account's events, oldest first, secrets left out")
    @GetMapping("/v1/accounts/{id}/history")
    public Mono<HistoryList> history(@PathVariable String id,
                                     @RequestParam(required = false) String limit,
                                     @RequestParam(required = false) String cursor,
                                     @CallerWorkspace WorkspaceId workspace) {
        AccountId account = AccountsController.parseId(id);
        long after = cursor == null ? -1 : Long.parseLong(Cursor.decode(cursor, SEQUENCE.asMatchPredicate()));
        int size = PageLimit.parse(limit);
        return Blocking.call(() -> history.find(workspace, account, after, size)
                .map(page -> new HistoryList(page.events(),
                        page.nextAfter() == null ? null : Cursor.encode(page.nextAfter().toString())))
                .orElseThrow(() -> ApiException.notFound("account")));
    }
}
