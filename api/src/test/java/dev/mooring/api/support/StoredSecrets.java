package dev.mooring.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.vault.SecretField;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ciphertexts an account's raw event store and snapshot rows hold, read with SQL and plain JSON
 * rather than through Axon, as someone holding a copy of the database would.
 */
public final class StoredSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map.Entry<String, SecretField>> FIELDS = List.of(
            Map.entry("accessToken", SecretField.ACCESS_TOKEN),
            Map.entry("refreshToken", SecretField.REFRESH_TOKEN),
            Map.entry("appPassword", SecretField.APP_PASSWORD));

    private StoredSecrets() {
    }

    public record Stored(String table, long sequenceNumber, SecretField field, EncryptedSecret secret) {
    }

    public static List<Stored> of(Jdbi jdbi, AccountId account) {
        List<Stored> found = new ArrayList<>();
        for (String table : List.of("domain_event_entry", "snapshot_event_entry")) {
            jdbi.withHandle(handle -> handle.createQuery("select sequence_number, payload from " + table
                                    + " where aggregate_identifier = :account order by sequence_number")
                            .bind("account", account.value())
                            .mapToMap()
                            .list())
                    .forEach(row -> {
                        JsonNode credentials = parse((byte[]) row.get("payload")).findValue("credentials");
                        if (credentials != null && credentials.isObject()) {
                            FIELDS.forEach(field -> {
                                JsonNode secret = credentials.get(field.getKey());
                                if (secret != null && !secret.isNull()) {
                                    found.add(new Stored(table, ((Number) row.get("sequence_number")).longValue(),
                                            field.getValue(), new EncryptedSecret(secret.asText())));
                                }
                            });
                        }
                    });
        }
        return found;
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
