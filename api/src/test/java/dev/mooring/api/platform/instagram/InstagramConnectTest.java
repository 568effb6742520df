package dev.mooring.api.platform.instagram;

import dev.mooring.api.platform.LongLivedTokenConnectTest;
import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.LongLivedTokenTestServer.User;
import dev.mooring.api.platform.MetaApi;
import dev.mooring.api.platform.MetaApi.Answer;
import dev.mooring.api.platform.MetaTest;
import dev.mooring.api.platform.MetaTestServers;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Instagram with Instagram Login against its test server; the shared behaviour is in the superclass. */
@MetaTest
class InstagramConnectTest extends LongLivedTokenConnectTest {

    @Override
    protected LongLivedTokenTestServer server() {
        return MetaTestServers.instagram();
    }

    @Override
    protected String platform() {
        return "instagram";
    }

    @Test
    void theAccountIsTheUserIdNotTheAppScopedId() {
        User user = server().user("pro");

        String id = connect(user);

        String platformUserId = api.get(tenant, "/v1/accounts/" + id).json().get("platformUserId").asText();
        assertThat(platformUserId).isEqualTo(user.id()).isNotEqualTo(user.appScopedId());
    }

    @Test
    void aCodeThatStillEndsInHashUnderscoreIsAccepted() {
        User user = server().user("hash");
        String back = browser.authorizeRedirect(start(user).redirectUrl());
        assertThat(back).endsWith("#_");

        Answer account = answer(URI.create(back.replace("#_", "%23_")));

        assertThat(account.status()).as(account.text()).isEqualTo(201);
        assertThat(account.json().get("platformUserId").asText()).isEqualTo(user.id());
    }

    @Test
    void aCodeAnswerWrappedInDataIsAccepted() {
        User user = server().user("wrapped");
        user.wrapTokenAnswer();

        String id = connect(user);

        assertThat(api.get(tenant, "/v1/accounts/" + id).json().get("platformUserId").asText()).isEqualTo(user.id());
    }

    private Answer answer(URI complete) {
        var page = browser.atMooring(complete);
        return MetaApi.answer(page.status(), page.body());
    }
}
