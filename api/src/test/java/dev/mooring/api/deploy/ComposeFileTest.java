package dev.mooring.api.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** `docker compose up` from a clean clone: one written-down, idempotent preparation step, then a valid file. */
class ComposeFileTest {

    /** Tests run in the api module; the compose file and tools are at the repository root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path scratch;

    private record Run(int exit, String output) {
    }

    private static Run run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void validateComposeAcceptsTheFileAndRefusesABrokenOne() throws Exception {
        Run valid = run(ROOT, "tools/validate-compose.sh");
        assertThat(valid.exit()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("is valid");

        Path broken = scratch.resolve("docker-compose.yml");
        Files.writeString(broken, Files.readString(ROOT.resolve("docker-compose.yml"))
                .replace("    healthcheck:", "    healthchek:"));
        Run refused = run(ROOT, "tools/validate-compose.sh", broken.toString());
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).doesNotContain("is valid");
    }

    @Test
    void initWritesDotEnvOnceWithAFreshMasterKeyAndKeepsItOnTheSecondRun() throws Exception {
        Files.createDirectories(scratch.resolve("tools"));
        Files.copy(ROOT.resolve("tools/init.sh"), scratch.resolve("tools/init.sh"));
        Files.copy(ROOT.resolve(".env.example"), scratch.resolve(".env.example"));
        Path env = scratch.resolve(".env");

        Run first = run(scratch, "tools/init.sh");
        assertThat(first.exit()).as(first.output()).isZero();
        String written = Files.readString(env);
        Matcher key = Pattern.compile("(?m)^MOORING_MASTER_KEY=(\\S+)$").matcher(written);
        assertThat(key.find()).isTrue();
        assertThat(Base64.getDecoder().decode(key.group(1))).hasSize(32);
        assertThat(written).containsPattern("(?m)^MOORING_DATABASE_PASSWORD=\\S{16,}$");
        assertThat(Files.getPosixFilePermissions(env))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Run second = run(scratch, "tools/init.sh");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).contains("kept");
        assertThat(Files.readString(env)).as("the key is never replaced").isEqualTo(written);
        try (var files = Files.list(scratch)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("no draft left behind").containsExactlyInAnyOrder("tools", ".env.example", ".env");
        }

        // and the compose file accepts what init wrote
        Files.copy(ROOT.resolve("docker-compose.yml"), scratch.resolve("docker-compose.yml"));
        Run valid = run(ROOT, "tools/validate-compose.sh", scratch.resolve("docker-compose.yml").toString());
        assertThat(valid.exit()).as(valid.output()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceHasAHealthCheckAndItsDataOnAVolume() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "axonserver", "mooring");
        services.forEach((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
        Set<String> volumes = ((Map<String, Object>) compose.get("volumes")).keySet();
        assertThat((List<String>) services.get("mooring").get("volumes")).contains("mooring-data:/app/data");
        assertThat(volumes).contains("mooring-data", "postgres-data", "axonserver-data");
        Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get("mooring").get("depends_on");
        assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
    }

    @Test
    void dotEnvExampleNamesEverySettingDocsConfigurationDocuments() throws Exception {
        String example = Files.readString(ROOT.resolve(".env.example"));
        Set<String> missing = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(MOORING_[A-Z0-9_<>]+)`").matcher(Files.readString(ROOT.resolve("docs/configuration.md")));
        while (row.find()) {
            String name = row.group(1).replace("<PLATFORM>", "X");
            if (!name.endsWith("_") && !example.contains(name + "=")) {
                missing.add(name);
            }
        }
        assertThat(missing).isEmpty();
    }
}
