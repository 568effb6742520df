package dev.mooring.api.config;

import dev.mooring.command.vault.MasterKey;
import dev.mooring.command.vault.MasterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The master keys come from {@code MOORING_MASTER_KEYS} ({@code id:base64,...}, oldest first), or a
 * single one from {@code MOORING_MASTER_KEY} and {@code MOORING_MASTER_KEY_ID}. Only the embedded
 * default may run without one: it generates a key once, keeps it under the data directory readable by
 * its owner alone, and says so. Anywhere else a missing key stops startup. No message here ever
 * quotes key material.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfig {

    private static final Logger log = LoggerFactory.getLogger(VaultConfig.class);
    static final String GENERATED_KEY_FILE = "master-key";
    static final String GENERATED_KEY_ID = "generated";

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    MasterKeys masterKeys(MooringProperties properties, SecureRandom random) {
        MasterKeys keys = configuredKeys(properties, random);
        log.info("Master keys configured: {}; new data keys are wrapped by {}",
                String.join(", ", keys.ids()), keys.newest().id());
        return keys;
    }

    static MasterKeys configuredKeys(MooringProperties properties, SecureRandom random) {
        boolean several = isSet(properties.masterKeys());
        boolean single = isSet(properties.masterKey());
        if (several && single) {
            throw new IllegalStateException("Both MOORING_MASTER_KEYS and MOORING_MASTER_KEY are set: keep one."
                    + " MOORING_MASTER_KEYS lists every key (id:base64, oldest first) and replaces the other.");
        }
        if (several) {
            return parse(properties.masterKeys());
        }
        if (single) {
            return MasterKeys.of(new MasterKey(properties.masterKeyId(), decode(properties.masterKey(), "MOORING_MASTER_KEY")));
        }
        if (!properties.embeddedDatabase()) {
            throw new IllegalStateException("MOORING_MASTER_KEY is not set: give it the base64 of 32 random bytes"
                    + " (e.g. `openssl rand -base64 32`), or list several keys in MOORING_MASTER_KEYS."
                    + " Only the embedded default generates one itself.");
        }
        return MasterKeys.of(generatedKey(properties.dataDir().resolve(GENERATED_KEY_FILE), random));
    }

    /** {@code id:base64,id:base64}, oldest first; entries are named by position, never by content. */
    private static MasterKeys parse(String setting) {
        List<MasterKey> keys = new ArrayList<>();
        String[] entries = setting.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String where = "MOORING_MASTER_KEYS entry " + (i + 1);
            String entry = entries[i].trim();
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException(where + " is not id:base64");
            }
            String id = entry.substring(0, colon).trim();
            if (!MasterKey.isWellFormedId(id)) {
                throw new IllegalStateException(where + ": the id must be 1-64 characters of [A-Za-z0-9._-]");
            }
            keys.add(new MasterKey(id, decode(entry.substring(colon + 1), where)));
        }
        try {
            return new MasterKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("MOORING_MASTER_KEYS: " + e.getMessage());
        }
    }

    private static MasterKey generatedKey(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
                log.warn("No MOORING_MASTER_KEY configured: generated one in {} (owner-only). Fine for development;"
                        + " set MOORING_MASTER_KEY for anything else.", file.toAbsolutePath());
            } else {
                log.warn("No MOORING_MASTER_KEY configured: using the generated key in {}", file.toAbsolutePath());
            }
            return new MasterKey(GENERATED_KEY_ID, decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the generated master key " + file, e);
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(where + " must be the base64 of 32 bytes, not " + key.length);
        }
        return key;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
