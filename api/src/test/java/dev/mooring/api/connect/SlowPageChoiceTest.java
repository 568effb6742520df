package dev.mooring.api.connect;

import dev.mooring.api.platform.Browser;
import dev.mooring.api.platform.MetaApi;
import dev.mooring.api.platform.MetaApi.Answer;
import dev.mooring.api.platform.MetaApi.Started;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.facebook.FacebookTestServer.User;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finishing a Facebook connect paused for the Page choice calls Facebook with no database
 * connection, transaction or row lock held: on a pool of two connections
 * ({@code MOORING_DATABASE_POOL_SIZE}) three slow selects and the reads beside them all go through.
 * One token finishes one connect however often it is sent at once; a failed call gives it back; and
 * a select that outlives {@code MOORING_REQUEST_TIMEOUT} answers 503 while it goes on to connect.
 */
@MooringTest
@ContextConfiguration(initializers = SlowPageChoiceTest.Settings.class)
@ExtendWith(OutputCaptureExtension.class)
class SlowPageChoiceTest {

    private static final String VERSION = "v24.0";
    private static volatile int mooringPort;
    /** This class's own Facebook, so the shared Meta servers keep pointing at the shared Mooring. */
    private static final FacebookTestServer FACEBOOK = new FacebookTestServer(VERSION, Clock.systemUTC(),
            () -> "http://localhost:" + mooringPort);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("slow-choice-env", Map.of(
                    "MOORING_DATABASE_POOL_SIZE", "2",
                    "MOORING_REQUEST_TIMEOUT", REQUEST_TIMEOUT.toSeconds() + "s",
                    // inside the request timeout, less the grace a write under way gets
                    "MOORING_LIMITS_UPSTREAM_DEADLINE", "2s",
                    "MOORING_READ_AFTER_WRITE_TIMEOUT", "2s",
                    "MOORING_FACEBOOK_CLIENT_ID", FACEBOOK.clientId(),
                    "MOORING_FACEBOOK_CLIENT_SECRET", FACEBOOK.clientSecret(),
                    "MOORING_FACEBOOK_GRAPH_VERSION", VERSION,
                    "MOORING_FACEBOOK_AUTHORIZE_URL", FACEBOOK.url("/" + VERSION + "/dialog/oauth").toString(),
                    "MOORING_FACEBOOK_API_URL", FACEBOOK.url("").toString())));
            context.addApplicationListener((ApplicationListener<WebServerInitializedEvent>) event ->
                    mooringPort = event.getWebServer().getPort());
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    Browser browser;
    MetaApi api;
    Tenant tenant;
    /** Each concurrent caller on a thread of its own: the common pool may have one thread (two cores) and its callers block. */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeEach
    void newWorkspace() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        api = new MetaApi(http, jdbi);
        browser = new Browser(http);
        tenant = accounts.tenant();
    }

    @AfterEach
    void fastFacebook() {
        callers.shutdownNow();
        FACEBOOK.delay(pageLists(), Duration.ZERO);
    }

    @Test
    void threeSlowSelectsOverTwoConnectionsConnectWhileReadsKeepAnswering() throws Exception {
        List<User> users = List.of(FACEBOOK.userWithPages(2), FACEBOOK.userWithPages(2), FACEBOOK.userWithPages(2));
        List<String> tokens = new ArrayList<>();
        users.forEach(user -> tokens.add(selectionToken(user)));
        int listsBefore = FACEBOOK.requests(pageLists()).size();
        FACEBOOK.delay(pageLists(), Duration.ofMillis(1500));

        List<CompletableFuture<Answer>> selects = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String token = tokens.get(i);
            String pageId = users.get(i).pages().get(1).id();
            selects.add(CompletableFuture.supplyAsync(() -> select(token, pageId), callers));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> FACEBOOK.requests(pageLists()).size() - listsBefore == users.size());

        Answer listed = api.get(tenant, "/v1/accounts");
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        assertThat(selects).as("every select still waiting on Facebook when the read was answered").noneMatch(CompletableFuture::isDone);
        for (int i = 0; i < users.size(); i++) {
            Answer connected = selects.get(i).get(30, TimeUnit.SECONDS);
            assertThat(connected.status()).as(connected.text()).isEqualTo(201);
            assertThat(connected.json().get("platformUserId").asText()).isEqualTo(users.get(i).pages().get(1).id());
        }
    }

    @Test
    void twoSelectsOfOneTokenAtOnceConnectExactlyOnePage() throws Exception {
        User user = FACEBOOK.userWithPages(2);
        String token = selectionToken(user);
        FACEBOOK.delay(pageLists(), Duration.ofSeconds(1));

        CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> select(token, user.pages().get(0).id()), callers);
        CompletableFuture<Answer> second = CompletableFuture.supplyAsync(() -> select(token, user.pages().get(1).id()), callers);
        List<Answer> answers = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));

        assertThat(answers).extracting(Answer::status).containsExactlyInAnyOrder(201, 400);
        assertThat(answers).filteredOn(answer -> answer.status() == 400)
                .allSatisfy(answer -> assertThat(answer.json().at("/error/code").asText()).isEqualTo("validation_failed"));
        assertThat(api.get(tenant, "/v1/accounts").json().get("data")).hasSize(1);
    }

    @Test
    void aFailedPageListGivesTheTokenBackUntilItExpires() {
        User user = FACEBOOK.userWithPages(2);
        String token = selectionToken(user);
        user.killTokens(460);

        Answer failed = select(token, user.pages().get(0).id());

        assertThat(failed.status()).as(failed.text()).isEqualTo(422);
        assertThat(failed.json().at("/error/code").asText()).isEqualTo("platform_rejected");
        assertThat(choiceRow()).containsEntry("claimed", false).containsEntry("used", false);
        Answer offeredAgain = api.post(tenant, "/v1/accounts/connect/facebook/select", Map.of("selectionToken", token));
        assertThat(offeredAgain.status()).as(offeredAgain.text()).isEqualTo(200);
        assertThat(api.get(tenant, "/v1/accounts").json().get("data")).isEmpty();
    }

    @Test
    void aSelectThatOutlivesTheRequestTimeoutAnswers503AndStillConnects(CapturedOutput output) {
        User user = FACEBOOK.userWithPages(2);
        String token = selectionToken(user);
        FACEBOOK.delay(pageLists(), REQUEST_TIMEOUT.plusSeconds(2));

        long started = System.nanoTime();
        Answer late = select(token, user.pages().get(1).id());
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(late.status()).as(late.text()).isEqualTo(503);
        assertThat(late.json().at("/error/code").asText()).isEqualTo("platform_unavailable");
        assertThat(waited).isGreaterThanOrEqualTo(REQUEST_TIMEOUT).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
        assertThat(output.getOut()).contains("answered platform_unavailable after " + REQUEST_TIMEOUT.toMillis()
                + " ms (MOORING_REQUEST_TIMEOUT); its work goes on");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(api.get(tenant, "/v1/accounts").json().get("data"))
                .singleElement().satisfies(account -> assertThat(account.get("platformUserId").asText())
                        .isEqualTo(user.pages().get(1).id())));
        assertThat(choiceRow()).containsEntry("used", true);
    }

    private String selectionToken(User user) {
        Started started = api.start(tenant, "facebook", Map.of());
        FACEBOOK.willLogIn(started.state(), user);
        Browser.Page page = browser.consent(started.redirectUrl());
        Answer choice = MetaApi.answer(page.status(), page.body());
        assertThat(choice.json().get("status").asText()).as(choice.text()).isEqualTo("selection_required");
        return choice.json().get("selectionToken").asText();
    }

    private Answer select(String token, String pageId) {
        return api.post(tenant, "/v1/accounts/connect/facebook/select", Map.of("selectionToken", token, "pageId", pageId));
    }

    private Map<String, Object> choiceRow() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select lease_owner is not null as claimed, used_at is not null as used
                        from connect_choices where workspace_id = :workspace""")
                .bind("workspace", tenant.workspace().value())
                .mapToMap()
                .one());
    }

    private static String pageLists() {
        return FACEBOOK.path("me/accounts");
    }
}
