package dev.mooring.api.auth;

import dev.mooring.api.config.MooringProperties;
import dev.mooring.kernel.WorkspaceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * On the embedded default (or with {@code MOORING_DEV_KEY=true}) a newcomer needs a key to try the
 * API: the first start creates a development workspace and key and keeps the key in
 * {@code <data dir>/dev-api-key}; every start says where it is (never the key itself). Later starts
 * reuse it while it stays valid, and mint a new key for the same workspace when the file is gone or
 * its key was revoked.
 */
@Component
class DevKeyBootstrap implements ApplicationRunner {

    static final String FILE = "dev-api-key";
    private static final Logger log = LoggerFactory.getLogger(DevKeyBootstrap.class);

    private final MooringProperties properties;
    private final ApiKeys keys;
    private final Environment environment;

    DevKeyBootstrap(MooringProperties properties, ApiKeys keys, Environment environment) {
        this.properties = properties;
        this.keys = keys;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!properties.devKeyWanted()) {
            return;
        }
        Path file = properties.dataDir().resolve(FILE).toAbsolutePath();
        String key = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : null;
        if (key == null || keys.authenticate(key).isEmpty()) {
            // a lost or revoked key is replaced in the same workspace: its accounts stay reachable
            WorkspaceId workspace = keys.developmentWorkspace();
            log.info(key == null
                    ? "No development API key at {}: minting one for the development workspace {}"
                    : "The development API key in {} is revoked or unknown: minting a new one for the development workspace {}",
                    file, workspace.value());
            key = keys.create(workspace, "development").key();
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
        }
        String port = environment.getProperty("local.server.port", String.valueOf(properties.port()));
        // one entry per line: log lines never carry a line break (see logback-spring.xml)
        // where the key is, never the key: a log is read and kept by more people than the data directory
        log.info("Mooring is running at http://localhost:{}", port);
        log.info("  development API key: in {} (owner-only)", file);
        log.info("  try: curl -H \"Authorization: Bearer $(cat {})\" http://localhost:{}/v1/accounts", file, port);
    }
}
