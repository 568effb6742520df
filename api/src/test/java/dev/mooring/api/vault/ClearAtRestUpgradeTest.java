package dev.mooring.api.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import dev.mooring.api.support.DatabaseDump;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.SecretForms;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.query.accounts.AccountsReplay;
import dev.mooring.query.webhooks.WebhookSignature;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * A data directory from before secrets and profiles were sealed: webhook signing secrets (the
 * rotated-out one too) in clear, profiles in clear in revision-1 {@code AccountConnected} events. The
 * next start seals them in place; the secrets still sign, a replay still shows a live account's
 * person, and the deleted account's person is gone from every table.
 */
class ClearAtRestUpgradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void clearSecretsAndProfilesAreSealedAtTheNextStartAndKeepWorking() throws Exception {
        Path dataDir = Path.of("target/test-data/" + UUID.randomUUID());
        String[] settings = {"mooring.data-dir=" + dataDir, "mooring.outbound.local-webhooks=true",
                "mooring.webhooks.poll-interval=50ms"};
        String tag = UUID.randomUUID().toString().substring(0, 8);
        AccountProfile live = new AccountProfile("Live Person " + tag, "live-" + tag, "https://avatars.example/live-" + tag + ".png");
        AccountProfile gone = new AccountProfile("Gone Person " + tag, "gone-" + tag, "https://avatars.example/gone-" + tag + ".png");
        String secret = newSecret();
        String previousSecret = newSecret();
        Tenant tenant;
        AccountId liveId;

        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            try (RunningMooring before = RunningMooring.start(settings)) {
                TestAccounts accounts = TestAccounts.of(before);
                tenant = accounts.tenant();
                liveId = accounts.connected(tenant.workspace(), Platform.X, "live-user-" + tag, live).id();
                AccountId goneId = accounts.connected(tenant.workspace(), Platform.X, "gone-user-" + tag, gone).id();
                before.http().delete().uri("/v1/accounts/" + goneId).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                        .exchange().expectStatus().isNoContent();
                accounts.awaitGone(tenant.workspace(), goneId);
                String endpoint = new WebhookApi(before.http(), tenant).create(receiver.url(), List.of("account.connected")).id();

                // what the earlier version stored
                Jdbi jdbi = before.bean(Jdbi.class);
                jdbi.useHandle(handle -> handle.createUpdate("""
                                update webhook_endpoints set secret = :secret, previous_secret = :previous,
                                       previous_secret_expires_at = now() + interval '1 day'
                                where endpoint_id = :id""")
                        .bind("secret", secret).bind("previous", previousSecret).bind("id", endpoint).execute());
                storeInClear(jdbi, liveId, live);
                storeInClear(jdbi, goneId, gone);
                // the live account's row forgets its person: only a replay of the events can bring it back
                for (String table : List.of("accounts_a", "accounts_b")) { // whichever readers use
                    jdbi.useHandle(handle -> handle.createUpdate("update " + table
                                    + " set display_name = null, handle = null, avatar_url = null where account_id = :id")
                            .bind("id", liveId.value()).execute());
                }
                assertThat(DatabaseDump.of(jdbi).toString()).contains(secret, previousSecret, gone.displayName(), live.handle());
            }

            try (RunningMooring after = RunningMooring.start(settings)) {
                Jdbi jdbi = after.bean(Jdbi.class);
                SecretForms forms = new SecretForms()
                        .text("the deleted account's display name", gone.displayName())
                        .text("the deleted account's handle", gone.handle())
                        .text("the deleted account's avatar URL", gone.avatarUrl())
                        .text("the live account's display name", live.displayName())
                        .text("the live account's handle", live.handle())
                        .text("the live account's avatar URL", live.avatarUrl());
                for (String signing : List.of(secret, previousSecret)) {
                    forms.text("a webhook secret", signing).bytes("a webhook key", key(signing));
                }
                List<String> sightings = new ArrayList<>();
                DatabaseDump.of(jdbi).forEach((table, rows) -> sightings.addAll(forms.sightings(table, rows)));
                assertThat(sightings).isEmpty();
                List<String> revisions = jdbi.withHandle(handle -> handle.createQuery(
                                "select distinct coalesce(payload_revision, 'none') from domain_event_entry where payload_type = :type")
                        .bind("type", AccountConnected.class.getName()).mapTo(String.class).list());
                assertThat(revisions).containsExactly("2");

                // a replay opens the live account's sealed profile
                AccountsReplay replay = after.bean(AccountsReplay.class);
                replay.start();
                await().atMost(PATIENCE).until(replay::finished);
                AccountView view = TestAccounts.of(after).read(tenant.workspace(), liveId);
                assertThat(List.of(view.displayName(), view.handle(), view.avatarUrl()))
                        .containsExactly(live.displayName(), live.handle(), live.avatarUrl());

                // both secrets, sealed now, still sign what is sent
                TestAccounts.of(after).connected(tenant.workspace(), Platform.X, "newcomer-" + tag, new AccountProfile("Newcomer", null, null));
                await().atMost(PATIENCE).until(() -> !receiver.received().isEmpty());
                WebhookReceiver.Received delivery = receiver.received().get(0);
                for (String signing : List.of(secret, previousSecret)) {
                    assertThatNoException().isThrownBy(() -> new Webhook(signing).verify(delivery.body(), delivery.headers()));
                }
            }
        }
    }

    /** Rewrites the account's AccountConnected events as revision 1 wrote them: the profile in clear. */
    private static void storeInClear(Jdbi jdbi, AccountId account, AccountProfile profile) throws IOException {
        List<Map<String, Object>> rows = jdbi.withHandle(handle -> handle.createQuery("""
                        select global_index, payload from domain_event_entry
                        where aggregate_identifier = :account and payload_type = :type""")
                .bind("account", account.value()).bind("type", AccountConnected.class.getName())
                .mapToMap().list());
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            ObjectNode event = (ObjectNode) JSON.readTree((byte[]) row.get("payload"));
            event.remove("sealedProfile");
            event.set("profile", JSON.valueToTree(profile));
            byte[] payload = JSON.writeValueAsBytes(event);
            jdbi.useHandle(handle -> handle.createUpdate(
                            "update domain_event_entry set payload = :payload, payload_revision = null where global_index = :index")
                    .bind("payload", payload).bind("index", ((Number) row.get("global_index")).longValue()).execute());
        }
    }

    private static String newSecret() {
        return WebhookSignature.newSecret(new SecureRandom());
    }

    private static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }
}
