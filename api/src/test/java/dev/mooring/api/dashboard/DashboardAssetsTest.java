package dev.mooring.api.dashboard;

import dev.mooring.api.support.MooringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files as the gate serves them: open to anyone, from the jar, under the dashboard's
 * own strict policy; nothing in them inline, nothing from another origin; and nothing else opened up
 * beside them (the API still needs its key and keeps its own policy).
 */
@MooringTest
class DashboardAssetsTest {

    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");

    @Autowired
    WebTestClient http;

    @Test
    void thePageAndEveryFileItLoadsAreServedWithoutAKeyUnderTheDashboardsPolicy() {
        String page = served("/", MediaType.TEXT_HTML);

        assertThat(page).doesNotContain("<script>", "style=", "<style", "http://", "https://");
        Matcher references = REFERENCE.matcher(page);
        int files = 0;
        while (references.find()) {
            String path = references.group(1);
            if (path.startsWith("#")) {
                continue; // the page's own sections
            }
            assertThat(path).startsWith("/dashboard/");
            String file = served(path, null);
            if (path.endsWith("main.js")) {
                Matcher imports = IMPORT.matcher(file);
                while (imports.find()) {
                    assertThat(served("/dashboard/js/" + imports.group(1), MediaType.valueOf("text/javascript")))
                            .doesNotContain(".innerHTML", "localStorage.", "document.cookie", "eval(");
                    files++;
                }
            }
            files++;
        }
        assertThat(files).as("stylesheet, icon, main.js and the modules it imports").isGreaterThan(8);
    }

    @Test
    void theDashboardOpensNothingElse() {
        http.get().uri("/v1/accounts").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("Content-Security-Policy", "frame-ancestors 'none'");
        http.get().uri("/index.html").exchange().expectStatus().isNotFound();
        http.get().uri("/dashboard/js/no-such-module.js").exchange().expectStatus().isNotFound();
        http.post().uri("/").exchange().expectStatus().isNotFound();
        // a second spelling of a dashboard path is the firewall's refusal, not a way past the gate
        http.get().uri("/dashboard/%2e%2e/application.yml").exchange().expectStatus().isBadRequest();
    }

    private String served(String path, MediaType type) {
        WebTestClient.ResponseSpec answer = http.get().uri(path).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; script-src 'self'; "
                        + "style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                        + "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
        if (type != null) {
            answer.expectHeader().contentTypeCompatibleWith(type);
        }
        return answer.expectBody(String.class).returnResult().getResponseBody();
    }
}
