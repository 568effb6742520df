package dev.mooring.api.web;

import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.query.FindAccounts;

/** The {@code limit} parameter of every paged listing: 1 to 100, 20 when absent. */
final class PageLimit {

    static final int DEFAULT = 20;
    static final int MAX = FindAccounts.MAX_LIMIT;

    private PageLimit() {
    }

    static int parse(String limit) {
        if (limit == null) {
            return DEFAULT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.invalid("limit must be a whole number from 1 to " + MAX);
    }
}
