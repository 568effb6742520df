package dev.mooring.command.platform.facebook;

import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.ConnectResult;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.meta.AppSecretProof;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code MOORING_FACEBOOK_APPSECRET_PROOF}, bound from the environment under the name docs/configuration.md lists,
 * against a Facebook test server whose app has "Require App Secret" on.
 */
class FacebookAppSecretProofSettingTest {

    private static final String VERSION = "v24.0";
    private static final FacebookTestServer FACEBOOK = new FacebookTestServer(VERSION, Clock.systemUTC());

    static {
        FACEBOOK.requireAppSecretProof(true);
    }

    final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void byDefaultEveryUserTokenCallCarriesItsProof() {
        FacebookConnector connector = connector(Map.of());
        FacebookTestServer.User user = FACEBOOK.userWithPages(3);
        int before = FACEBOOK.requests(FACEBOOK.path("me/accounts")).size();

        ConnectResult result = connector.connect(code(connector, user, "s1"), null, redirectUri(),
                new ConnectOptions(null, user.pages().get(2).id()));

        assertThat(result).isInstanceOfSatisfying(UpstreamAccount.class,
                account -> assertThat(account.platformUserId()).isEqualTo(user.pages().get(2).id()));
        assertThat(FACEBOOK.requests(FACEBOOK.path("me/accounts")).subList(before, FACEBOOK.requests(FACEBOOK.path("me/accounts")).size()))
                .as("both lists, the paging.next one included").hasSize(2)
                .allSatisfy(request -> assertThat(request.param("appsecret_proof")).matches("[0-9a-f]{64}"));
    }

    @Test
    void switchedOffAnAppThatRequiresTheProofRefusesTheConnect() {
        FacebookConnector connector = connector(Map.of("MOORING_FACEBOOK_APPSECRET_PROOF", "false"));
        FacebookTestServer.User user = FACEBOOK.userWithPages(1);

        assertThatThrownBy(() -> connector.connect(code(connector, user, "s2"), null, redirectUri(), ConnectOptions.NONE))
                .isInstanceOfSatisfying(PlatformFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(PlatformFailure.Kind.REJECTED);
                    assertThat(failure.getMessage()).contains("GraphMethodException 100", "require an appsecret_proof argument");
                });
    }

    @Test
    void theTestServerRefusesAMissingOrWrongProof() {
        FacebookConnector connector = connector(Map.of());
        FacebookTestServer.User user = FACEBOOK.userWithPages(1);
        connector.connect(code(connector, user, "s3"), null, redirectUri(), ConnectOptions.NONE);
        var requests = FACEBOOK.requests(FACEBOOK.path("me/accounts"));
        String userToken = requests.get(requests.size() - 1).accessToken();
        String list = FACEBOOK.path("me/accounts") + "?fields=id%2Cname%2Caccess_token%2Cpicture%7Burl%7D%2Ctasks&limit=100&access_token=" + userToken;

        HttpResponse<String> missing = send(FACEBOOK.url(list));
        HttpResponse<String> wrong = send(FACEBOOK.url(list + "&appsecret_proof=" + AppSecretProof.of("another-secret", userToken)));
        HttpResponse<String> right = send(FACEBOOK.url(list + "&appsecret_proof=" + AppSecretProof.of(FACEBOOK.clientSecret(), userToken)));

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"type\":\"GraphMethodException\"", "\"code\":100",
                "API calls from the server require an appsecret_proof argument");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("Invalid appsecret_proof");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    }

    private static FacebookConnector connector(Map<String, String> more) {
        Map<String, Object> env = new HashMap<>();
        env.put("MOORING_FACEBOOK_CLIENT_ID", FACEBOOK.clientId());
        env.put("MOORING_FACEBOOK_CLIENT_SECRET", FACEBOOK.clientSecret());
        env.put("MOORING_FACEBOOK_GRAPH_VERSION", VERSION);
        env.put("MOORING_FACEBOOK_AUTHORIZE_URL", FACEBOOK.url("/" + VERSION + "/dialog/oauth").toString());
        env.put("MOORING_FACEBOOK_API_URL", FACEBOOK.url("").toString());
        env.putAll(more);
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));
        return new FacebookConnector(binder.bindOrCreate("mooring.facebook", FacebookProperties.class), Clock.systemUTC());
    }

    private static URI redirectUri() {
        return URI.create(MetaTestServers.mooringUrl() + "/v1/accounts/connect/facebook/complete");
    }

    /** The user consents on the login dialog the connector sends the browser to; the code from the redirect. */
    private String code(FacebookConnector connector, FacebookTestServer.User user, String state) {
        FACEBOOK.willLogIn(state, user);
        HttpResponse<String> dialog = send(connector.authorizationUrl(state, redirectUri(), null));
        assertThat(dialog.statusCode()).as(dialog.body()).isEqualTo(302);
        return UriComponentsBuilder.fromUriString(dialog.headers().firstValue("Location").orElseThrow()).build()
                .getQueryParams().getFirst("code");
    }

    private HttpResponse<String> send(URI uri) {
        try {
            return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
