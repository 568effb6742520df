package dev.mooring.api.importing;

import dev.mooring.command.importing.AccountImport;

import java.util.List;

/** The body of {@code POST /v1/accounts/import}. Its {@code toString} shows no token (the items' own do not). */
public record ImportRequest(List<AccountImport.Item> accounts) {
}
