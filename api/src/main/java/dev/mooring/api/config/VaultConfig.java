package dev.mooring.api.config;

import dev.mooring.command.vault.AesGcmSecretVault;
import dev.mooring.command.vault.MasterKey;
import dev.mooring.command.vault.SecretVault;
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
import java.util.Base64;

/**
 * The master key comes from {@code MOORING_MASTER_KEY}. Only the embedded default may run without
 * one: it generates a key once, keeps it under the data directory readable by its owner alone, and
 * says so. Anywhere else a missing key stops startup.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfig {

    private static final Logger log = LoggerFactory.getLogger(VaultConfig.class);
    static final String GENERATED_KEY_FILE = "master-key";

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    SecretVault secretVault(MooringProperties properties, SecureRandom random) {
        return new AesGcmSecretVault(masterKey(properties, random), random);
    }

    static MasterKey masterKey(MooringProperties properties, SecureRandom random) {
        String configured = properties.masterKey();
        if (configured != null && !configured.isBlank()) {
            return new MasterKey(properties.masterKeyId(), decode(configured));
        }
        if (!properties.embeddedDatabase()) {
            throw new IllegalStateException("MOORING_MASTER_KEY is not set: give it the base64 of 32 random bytes"
                    + " (e.g. `openssl rand -base64 32`). Only the embedded default generates one itself.");
        }
        return generatedKey(properties.dataDir().resolve(GENERATED_KEY_FILE), random);
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
            return new MasterKey("generated", decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the generated master key " + file, e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("MOORING_MASTER_KEY is not valid base64");
        }
    }
}
