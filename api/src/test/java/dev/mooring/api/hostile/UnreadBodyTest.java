package dev.mooring.api.hostile;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body sent with a request whose route reads none is read and dropped, so the answer arrives whole:
 * left in the socket, it made the close a reset, and a large answer (the API description's 150 KB)
 * lost its end every time. Each request here sends head and body in one write, as clients do.
 */
@MooringTest
class UnreadBodyTest {

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;

    @Test
    void aLargeAnswerToAGetWithABodyArrivesWhole() {
        HostileHttp http = new HostileHttp(port);
        String whole = http.send("GET", "/v1/openapi.json.yaml", Map.of(), null).body();
        assertThat(whole).hasSizeGreaterThan(100_000);
        for (int size : new int[]{6_000, 300_000, 2_000_000}) {
            HostileHttp.Answer answer = http.send("GET", "/v1/openapi.json.yaml", Map.of(), "{\"name\":\"" + "x".repeat(size) + "\"}");
            assertThat(answer.status()).as("%d bytes of body", size).isEqualTo(200);
            assertThat(answer.body()).as("%d bytes of body", size).isEqualTo(whole);
        }
    }

    @Test
    void anAuthenticatedGetAndDeleteWithABodyAreAnsweredAsWithout() {
        HostileHttp http = new HostileHttp(port);
        Map<String, String> key = Map.of("Authorization", accounts.tenant().bearer());
        String body = "{\"name\":\"" + "é".repeat(100_000) + "\"}";
        assertThat(http.send("GET", "/v1/accounts", key, body).json().path("data").isArray()).isTrue();
        HostileHttp.Answer missing = http.send("DELETE", "/v1/accounts/acc_01JZZZZZZZZZZZZZZZZZZZZZZZ", key, body);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/code").asText()).isEqualTo("not_found");
    }
}
