package dev.mooring.api.vault;

import dev.mooring.api.support.DatabaseDump;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.SecretForms;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookApi.Endpoint;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.query.AccountView;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a copy of the database gives away: after connecting accounts, creating webhook endpoints
 * (one rotated) and deleting an account, a dump of every table holds no webhook signing secret and
 * nothing of the deleted account's person, in events, snapshots, sagas, dead letters or anywhere.
 */
@MooringTest
class DatabaseDumpTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    @Test
    void afterDeletingAnAccountADumpHoldsNoWebhookSecretAndNothingOfItsPerson() {
        Tenant tenant = accounts.tenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        AccountProfile gone = new AccountProfile("Gone Person " + tag, "gone-handle-" + tag,
                "https://avatars.example/gone-" + tag + ".png");
        AccountProfile kept = new AccountProfile("Kept Person " + tag, "kept-handle-" + tag,
                "https://avatars.example/kept-" + tag + ".png");
        AccountId goneId = accounts.connected(tenant.workspace(), Platform.X, "gone-user-" + tag, gone).id();
        AccountId keptId = accounts.connected(tenant.workspace(), Platform.LINKEDIN, "kept-user-" + tag, kept).id();
        // the read model opens the sealed profile of a live account
        AccountView keptView = accounts.read(tenant.workspace(), keptId);
        assertThat(List.of(keptView.displayName(), keptView.handle(), keptView.avatarUrl()))
                .containsExactly(kept.displayName(), kept.handle(), kept.avatarUrl());
        assertThat(accounts.read(tenant.workspace(), goneId).displayName()).isEqualTo(gone.displayName());

        List<String> webhookSecrets = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            WebhookApi webhooks = new WebhookApi(http, tenant);
            Endpoint plain = webhooks.create(receiver.url(), List.of("account.disconnected"));
            Endpoint rotated = webhooks.create(receiver.url(), List.of("account.connected"));
            webhookSecrets.add(plain.secret());
            webhookSecrets.add(rotated.secret()); // rotated out: still signs for the overlap
            webhookSecrets.add(webhooks.rotate(rotated.id()));

            http.delete().uri("/v1/accounts/" + goneId).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .exchange().expectStatus().isNoContent();
            accounts.awaitGone(tenant.workspace(), goneId);

            // the audit history outlives the account, with platform, ids and event types only
            String history = new String(http.get().uri("/v1/accounts/" + goneId + "/history")
                    .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent());
            assertThat(history).contains("account.connected", "account.disconnected", goneId.value(), "\"x\"")
                    .doesNotContain(gone.displayName(), gone.handle(), gone.avatarUrl());

            SecretForms forms = new SecretForms()
                    .text("the deleted account's display name", gone.displayName())
                    .text("the deleted account's handle", gone.handle())
                    .text("the deleted account's avatar URL", gone.avatarUrl());
            for (int i = 0; i < webhookSecrets.size(); i++) {
                String secret = webhookSecrets.get(i);
                forms.text("webhook secret " + i, secret)
                        .bytes("webhook key " + i, Base64.getDecoder().decode(secret.substring("whsec_".length())));
            }
            Map<String, String> dump = DatabaseDump.of(jdbi);
            List<String> sightings = new ArrayList<>();
            dump.forEach((table, rows) -> sightings.addAll(forms.sightings(table, rows)));
            assertThat(sightings).isEmpty();

            // a live account's person rests in its read-model row, never in clear in its events
            assertThat(dump.get("public.domain_event_entry")).contains(keptId.value())
                    .doesNotContain(kept.displayName(), kept.handle(), kept.avatarUrl());
            // and this is a real dump: what is no secret is in it
            assertThat(dump.keySet()).contains("public.domain_event_entry", "public.snapshot_event_entry",
                    "public.saga_entry", "public.webhook_endpoints", "public.data_keys");
            // the read model's two tables (readers use one; a rebuild replays into the other)
            assertThat(dump.get("public.accounts_a") + dump.get("public.accounts_b")).contains(kept.displayName());
            assertThat(dump.get("public.webhook_endpoints")).contains(plain.id(), rotated.id());
        }
    }
}
