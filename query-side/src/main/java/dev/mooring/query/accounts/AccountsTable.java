package dev.mooring.query.accounts;

/**
 * The two tables the accounts read model lives in (both made by Flyway): readers use one, a rebuild
 * replays into the other, and the next rebuild goes the other way round.
 */
enum AccountsTable {
    A("accounts_a"), B("accounts_b");

    private final String tableName;

    AccountsTable(String tableName) {
        this.tableName = tableName;
    }

    String tableName() {
        return tableName;
    }

    AccountsTable other() {
        return this == A ? B : A;
    }

    static AccountsTable named(String tableName) {
        for (AccountsTable table : values()) {
            if (table.tableName.equals(tableName)) {
                return table;
            }
        }
        throw new IllegalStateException("not an accounts table: " + tableName);
    }
}
