package dev.mooring.api.platform;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * After each test: fails it if any platform test server saw one of its requirements broken, then
 * resets the servers for the next test.
 */
public class FailOnPlatformViolations implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = new ArrayList<>();
        for (TestHttpServer server : SpringExtension.getApplicationContext(context).getBeansOfType(TestHttpServer.class).values()) {
            violations.addAll(server.violations());
            server.reset();
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("platform requirements broken:\n  " + String.join("\n  ", violations));
        }
    }
}
