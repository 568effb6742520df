package dev.mooring.api.auth;

import dev.mooring.api.support.ExternalPostgres;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys made before scopes existed keep what they could do: every scope but {@code tokens:read},
 * the development key too. After the migration no key is stored without naming its scopes.
 */
class ApiKeyScopesMigrationTest {

    private static final String BEFORE_SCOPES = "2026.12.02.71";

    @Test
    void keysFromBeforeScopesGetEveryScopeButTokensRead() throws Exception {
        try (ExternalPostgres postgres = ExternalPostgres.start()) {
            String url = postgres.newDatabase();
            Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration")
                    .target(BEFORE_SCOPES).load().migrate();
            Jdbi jdbi = Jdbi.create(url, "postgres", "");
            jdbi.useHandle(handle -> {
                handle.execute("insert into workspaces (workspace_id, name, development) values ('ws_old', 'Development', true)");
                handle.execute("""
                        insert into api_keys (key_id, workspace_id, name, key_hash, key_prefix)
                        values ('key_dev', 'ws_old', 'development', '\\x01', 'mk_dev'),
                               ('key_ci', 'ws_old', 'ci', '\\x02', 'mk_ci')""");
            });

            Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();

            List<Map<String, Object>> keys = jdbi.withHandle(handle -> handle.createQuery(
                    "select key_id, array_to_string(scopes, ',') as scopes from api_keys order by key_id").mapToMap().list());
            assertThat(keys).extracting(row -> row.get("scopes")).containsOnly(
                    "accounts:read,accounts:write,connect,proxy,webhooks,keys");
            assertThat(keys).hasSize(2);
            String columnDefault = jdbi.withHandle(handle -> handle.createQuery("""
                    select column_default from information_schema.columns
                    where table_name = 'api_keys' and column_name = 'scopes'""").mapTo(String.class).one());
            assertThat(columnDefault).as("a new key always names its scopes").isNull();
        }
    }
}
