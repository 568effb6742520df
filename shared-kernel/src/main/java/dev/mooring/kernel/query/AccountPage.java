package dev.mooring.kernel.query;

import java.util.List;

/** A page of accounts; {@code nextAfterId} is where the next page starts, absent on the last page. */
public record AccountPage(List<AccountView> items, String nextAfterId) {
}
