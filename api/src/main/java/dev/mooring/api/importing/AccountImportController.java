package dev.mooring.api.importing;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.web.AccountReads;
import dev.mooring.api.web.Blocking;
import dev.mooring.command.importing.AccountImport;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/accounts/import}: connections moved from another tool, in batches. A batch that is
 * no list, empty or larger than {@code MOORING_IMPORT_MAX_BATCH} is refused whole and writes nothing;
 * otherwise each item is answered on its own: {@code 200} when every item became an account,
 * {@code 207 Multi-Status} when any did not (an item's {@code error} says why, and it left nothing).
 * The imported accounts are readable when the answer arrives, as after a connect.
 */
@RestController
public class AccountImportController {

    private final AccountImport accountImport;
    private final AccountReads reads;
    private final ImportProperties properties;

    public AccountImportController(AccountImport accountImport, AccountReads reads, ImportProperties properties) {
        this.accountImport = accountImport;
        this.reads = reads;
        this.properties = properties;
    }

    @Operation(operationId = "importAccounts",
            summary = "Import connections another tool held, tokens included, without the users connecting again")
    @PostMapping("/v1/accounts/import")
    public Mono<ResponseEntity<ImportResults>> importAccounts(@RequestBody ImportRequest body,
                                                              @CallerWorkspace WorkspaceId workspace) {
        if (body == null || body.accounts() == null || body.accounts().isEmpty()) {
            throw ApiException.invalid("accounts must be a list of at least one account to import");
        }
        if (body.accounts().size() > properties.maxBatch()) {
            throw new ApiException(ErrorCode.BATCH_TOO_LARGE, "an import takes at most " + properties.maxBatch()
                    + " accounts; this one has " + body.accounts().size() + " and none was imported",
                    "split the accounts into batches of at most " + properties.maxBatch() + " (MOORING_IMPORT_MAX_BATCH)");
        }
        return Blocking.call(() -> {
            ImportResults results = ImportResults.of(accountImport.importAll(workspace, body.accounts()));
            awaitReadModel(workspace, results);
            return ResponseEntity.status(results.failed() == 0 ? HttpStatus.OK : HttpStatus.MULTI_STATUS).body(results);
        });
    }

    /**
     * A client that imports and then lists sees what it imported. The accounts are written whatever
     * happens here: when the read model is slow, the wait stops at the first account it does not show.
     */
    private void awaitReadModel(WorkspaceId workspace, ImportResults results) {
        for (AccountImport.Outcome outcome : results.results()) {
            if (outcome.imported() && reads.findAfterWrite(workspace, outcome.accountId()).isEmpty()) {
                return;
            }
        }
    }
}
