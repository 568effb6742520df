package dev.mooring.api.importing;

import dev.mooring.command.importing.AccountImport;

import java.util.List;

/** The answer to an import: how many items became accounts, and each item's outcome in the order given. */
public record ImportResults(int imported, int failed, List<AccountImport.Outcome> results) {

    static ImportResults of(List<AccountImport.Outcome> outcomes) {
        int imported = (int) outcomes.stream().filter(AccountImport.Outcome::imported).count();
        return new ImportResults(imported, outcomes.size() - imported, outcomes);
    }
}
