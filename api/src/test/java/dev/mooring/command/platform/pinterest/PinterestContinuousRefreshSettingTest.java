package dev.mooring.command.platform.pinterest;

import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer.Board;
import dev.mooring.api.support.Browser;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code MOORING_PINTEREST_CONTINUOUS_REFRESH}, bound from the environment under the name docs/configuration.md lists,
 * against a Pinterest test server playing an app created before 2025-09-25.
 */
class PinterestContinuousRefreshSettingTest {

    private static final URI REDIRECT = URI.create("http://localhost:8080/v1/accounts/connect/pinterest/complete");
    private static final PinterestTestServer.User FRIDA = new PinterestTestServer.User("5497558", "frida", "Frida studio",
            "https://i.pinimg.com/frida.jpg", List.of(new Board("549755885175", "Recipes")));

    final PinterestTestServer pinterest = new PinterestTestServer(REDIRECT::toString);
    final Browser browser = new Browser();

    @AfterEach
    void stop() {
        pinterest.close();
    }

    @Test
    void byDefaultContinuousRefreshIsAskedForOnTheExchangeAndEveryRefresh() {
        pinterest.createdBefore20250925(true);
        PinterestConnector connector = connector(Map.of());

        // one board: connected without a choice
        UpstreamAccount account = (UpstreamAccount) connector.connect(code(connector, "s1"), null, REDIRECT, ConnectOptions.NONE);
        connector.refresh(account.credentials(), Instant.now());

        assertThat(pinterest.refreshTokensIssuedTo(FRIDA)).hasSize(2);
        assertThat(pinterest.violations()).isEmpty();
    }

    @Test
    void switchedOffALegacyAppIsRefused() {
        pinterest.createdBefore20250925(true);
        PinterestConnector connector = connector(Map.of("MOORING_PINTEREST_CONTINUOUS_REFRESH", "false"));

        assertThatThrownBy(() -> connector.connect(code(connector, "s1"), null, REDIRECT, ConnectOptions.NONE))
                .isInstanceOf(PlatformFailure.class);
        assertThat(pinterest.violations()).anyMatch(v -> v.contains("continuous_refresh=true"));
    }

    @Test
    void switchedOffANewAppStillConnects() {
        PinterestConnector connector = connector(Map.of("MOORING_PINTEREST_CONTINUOUS_REFRESH", "false"));

        // one board: connected without a choice
        UpstreamAccount account = (UpstreamAccount) connector.connect(code(connector, "s1"), null, REDIRECT, ConnectOptions.NONE);

        assertThat(account.platformUserId()).isEqualTo(FRIDA.id());
        assertThat(pinterest.violations()).isEmpty();
    }

    private PinterestConnector connector(Map<String, String> more) {
        Map<String, Object> env = new HashMap<>();
        pinterest.mooringSettings().forEach((name, value) ->
                env.put(name.replace("mooring.pinterest.", "MOORING_PINTEREST_").replace('-', '_').toUpperCase(), value));
        env.putAll(more);
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));
        return new PinterestConnector(binder.bindOrCreate("mooring.pinterest", PinterestProperties.class), Clock.systemUTC());
    }

    /** A code for FRIDA, the browser sent to the authorize URL the connector makes. */
    private String code(PinterestConnector connector, String state) {
        pinterest.approves(state, FRIDA);
        return browser.open(connector.authorizationUrl(state, REDIRECT, null)).locationParameter("code");
    }
}
