package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.bluesky.BlueskyCalls.Answer;
import dev.mooring.api.platform.bluesky.TestPds.Account;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static dev.mooring.api.platform.bluesky.BlueskyConnectApiTest.handle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bluesky connect is bound to the DID its identifier resolves to: a server that answers a session
 * for another DID (or a handle that does not lead back to the DID) connects nothing, and an
 * account already connected for that DID keeps its credentials.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ExtendWith(OutputCaptureExtension.class)
class BlueskyDidBindingTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestPds pds;
    @Autowired
    ObjectMapper json;
    @Autowired
    Jdbi jdbi;

    BlueskyCalls api;

    @BeforeEach
    void newWorkspace() {
        api = new BlueskyCalls(http, accounts.tenant(), pds, json, jdbi);
    }

    @AfterEach
    void noSecretReachedTheLogs(CapturedOutput output) {
        pds.assertNoSecretIn(output.getAll());
    }

    @Test
    void aSessionForAnotherDidIsRefusedAndTheExistingAccountKeepsItsCredentials() {
        Account victim = pds.createAccount(handle("victim"));
        String victimId = api.connected(victim.handle(), pds.createAppPassword(victim));
        List<Map<String, Object>> credentials = credentials(victimId);
        assertThat(credentials).hasSize(1);
        Account mallory = pds.createAccount(handle("mallory"));
        String appPassword = pds.createAppPassword(mallory);
        pds.answerSessionsAs(mallory, victim.did(), victim.handle());

        for (String identifier : List.of(mallory.handle(), mallory.did(), mallory.email())) {
            Answer answer = api.connect(identifier, appPassword);

            assertThat(answer.status()).as(identifier + " " + answer.body()).isEqualTo(422);
            assertThat(answer.errorCode()).isEqualTo("platform_rejected");
            assertThat(answer.body().at("/error/platform").asText()).isEqualTo("bluesky");
            assertThat(answer.errorMessage()).contains(victim.did()).contains("nothing was connected");
            assertThat(answer.body().at("/error/requestId").asText()).startsWith("req_");
        }

        assertThat(pds.loginAttempts(mallory)).as("each refusal came after a real login").isEqualTo(3);
        assertThat(api.eventTypes(victimId)).containsExactly("AccountConnected");
        assertThat(credentials(victimId)).isEqualTo(credentials);
        assertThat(api.list().body().get("data")).hasSize(1);
        assertThat(api.get(victimId).body().get("platformUserId").asText()).isEqualTo(victim.did());
        assertNoEventOrIdentityNames(mallory.did());
    }

    @Test
    void aSessionWhoseHandleResolvesToAnotherDidIsRefused() {
        Account victim = pds.createAccount(handle("famous"));
        Account mallory = pds.createAccount(handle("poser"));
        String appPassword = pds.createAppPassword(mallory);
        // the right DID, but the handle of someone else: the account would show as the victim
        pds.answerSessionsAs(mallory, mallory.did(), victim.handle());

        for (String identifier : List.of(mallory.did(), mallory.handle(), mallory.email())) {
            Answer answer = api.connect(identifier, appPassword);

            assertThat(answer.status()).as(identifier + " " + answer.body()).isEqualTo(422);
            assertThat(answer.errorCode()).isEqualTo("platform_rejected");
            assertThat(answer.errorMessage()).contains(victim.handle()).contains("does not resolve to " + mallory.did());
        }
        api.assertNothingStoredFor(mallory.did());
    }

    @Test
    void anHonestSessionStillConnectsByHandleDidAndEmail() {
        Account honest = pds.createAccount(handle("honest"));
        String appPassword = pds.createAppPassword(honest);

        String id = api.connected(honest.email(), appPassword);

        assertThat(api.connected(honest.handle(), appPassword)).isEqualTo(id);
        assertThat(api.connected(honest.did(), appPassword)).isEqualTo(id);
        assertThat(api.eventTypes(id)).containsExactly("AccountConnected", "AccountConnected", "AccountConnected");
    }

    /** Like {@link BlueskyCalls#assertNothingStoredFor}, for a workspace that holds another account. */
    private void assertNoEventOrIdentityNames(String did) {
        int rows = jdbi.withHandle(h -> h.createQuery("""
                        select (select count(*) from account_identities where platform_user_id = :did)
                             + (select count(*) from domain_event_entry where position(:did in convert_from(payload, 'UTF8')) > 0)""")
                .bind("did", did).mapTo(Integer.class).one());
        assertThat(rows).as("identities and events naming " + did).isZero();
    }

    private List<Map<String, Object>> credentials(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("select * from account_credentials where account_id = :id")
                .bind("id", accountId).mapToMap().list());
    }
}
