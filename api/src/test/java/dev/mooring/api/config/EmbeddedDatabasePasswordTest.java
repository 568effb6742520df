package dev.mooring.api.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.mooring.api.support.RunningMooring;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL takes password logins only, with a password generated into the data
 * directory; a data directory made before, when zonky's {@code trust} let anyone on the machine in
 * as superuser, gets its password on its first start and keeps its data.
 */
class EmbeddedDatabasePasswordTest {

    private static final Pattern PORT = Pattern.compile("//[^:/]+:(\\d+)/");

    @Test
    void aNewDataDirectoryRefusesSuperuserLoginsWithoutItsPassword() throws Exception {
        Path dataDir = Path.of("target/test-data/" + UUID.randomUUID());
        try (RunningMooring mooring = RunningMooring.start("mooring.data-dir=" + dataDir)) {
            assertPasswordLoginsOnly(mooring, dataDir);
        }
    }

    @Test
    void aDataDirectoryMadeBeforeWithTrustGetsItsPasswordAtTheFirstStartAndKeepsItsData() throws Exception {
        Path dataDir = Path.of("target/test-data/" + UUID.randomUUID());
        // what an earlier Mooring made: zonky's cluster (trust on loopback) and no password file
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
             Connection connection = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"));
             Statement statement = connection.createStatement()) {
            // beside Mooring's own schema, which the first start then migrates
            statement.execute("create schema earlier");
            statement.execute("create table earlier.note (text text)");
            statement.execute("insert into earlier.note values ('kept')");
        }
        assertThat(dataDir.resolve("postgres-password")).doesNotExist();

        try (RunningMooring upgraded = RunningMooring.start("mooring.data-dir=" + dataDir)) {
            assertPasswordLoginsOnly(upgraded, dataDir);
            try (Connection connection = login(upgraded, password(dataDir));
                 ResultSet kept = connection.createStatement().executeQuery("select text from earlier.note")) {
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).isEqualTo("kept");
            }
        }
        // and every later start works on password logins
        try (RunningMooring again = RunningMooring.start("mooring.data-dir=" + dataDir)) {
            assertPasswordLoginsOnly(again, dataDir);
        }
    }

    private static void assertPasswordLoginsOnly(RunningMooring mooring, Path dataDir) throws Exception {
        Path file = dataDir.resolve("postgres-password");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String password = password(dataDir);
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);

        assertThatThrownBy(() -> login(mooring, null).close())
                .isInstanceOf(PSQLException.class).hasMessageContaining("no password was provided");
        assertThatThrownBy(() -> login(mooring, "not-the-password").close())
                .isInstanceOf(PSQLException.class).hasMessageContaining("password authentication failed");
        try (Connection connection = login(mooring, password);
             ResultSet who = connection.createStatement().executeQuery("select current_user")) {
            assertThat(who.next()).isTrue();
            assertThat(who.getString(1)).isEqualTo("postgres");
        }
        // Mooring itself logs in with it
        mooring.http().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    /** The superuser over loopback TCP, as any local process could try. */
    private static Connection login(RunningMooring mooring, String password) throws SQLException {
        Matcher port = PORT.matcher(mooring.bean(HikariDataSource.class).getJdbcUrl());
        assertThat(port.find()).isTrue();
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port.group(1) + "/postgres", properties);
    }

    private static String password(Path dataDir) throws Exception {
        return Files.readString(dataDir.resolve("postgres-password")).trim();
    }
}
