package dev.mooring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Mooring's routes as the benchmark calls them: a posting tool's backend with the development key,
 * the user's browser on the sandbox's consent page, and the operator's rebuild. Each thread has its
 * own JDK client, so each keeps its own cookies (the consent form's CSRF cookie) and connection; the
 * timed forced refreshes and pages share one pool of kept-alive connections, one per client thread.
 */
final class MooringClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String apiKey;
    private final String adminToken;
    private final ThreadLocal<HttpClient> http = ThreadLocal.withInitial(() -> HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .connectTimeout(TIMEOUT)
            .build());

    /*
     * The timed phases' requests (forced refreshes, pages), set beside pgbench's lean clients: Apache
     * HttpClient takes a third to two thirds of the JDK client's CPU per request, which on two cores is
     * CPU the measured service keeps (docs/performance.md, "The client").
     */
    private final CloseableHttpClient timed;

    /** {@code connections}: as many as threads send at once (a thread waiting for one would count the wait as latency). */
    MooringClient(URI base, String apiKey, String adminToken, int connections) {
        this.timed = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(connections)
                        .setMaxConnTotal(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(TIMEOUT))
                                .setSocketTimeout(Timeout.of(TIMEOUT))
                                .build())
                        .build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression() // as the JDK's client: no Accept-Encoding
                .build();
        this.base = base;
        this.apiKey = apiKey;
        this.adminToken = adminToken;
    }

    HttpClient http() {
        return http.get();
    }

    /**
     * One whole sandbox connect: start it, open the consent page, allow as {@code username}, and
     * follow the redirect back to Mooring's complete route, which answers {@code 201} and the account.
     */
    String connect(String username) throws IOException, InterruptedException {
        JsonNode started = json(expect(200, send(api("/v1/accounts/connect/sandbox")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))));
        URI consent = URI.create(started.get("redirectUrl").asText());
        String page = expect(200, send(HttpRequest.newBuilder(consent).GET()));
        Map<String, String> form = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(page);
        while (hidden.find()) {
            form.put(unescape(hidden.group(1)), unescape(hidden.group(2)));
        }
        form.put("username", username);
        form.put("name", "Bench " + username);
        form.put("decision", "allow");
        HttpResponse<String> decided = send(HttpRequest.newBuilder(consent.resolve("authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
        if (decided.statusCode() != 302) {
            throw new IOException("consent answered " + decided.statusCode());
        }
        URI complete = consent.resolve(decided.headers().firstValue("Location").orElseThrow());
        JsonNode account = json(expect(201, send(HttpRequest.newBuilder(complete).GET())));
        return account.get("id").asText();
    }

    /**
     * {@code POST /v1/accounts/{id}/refresh}: a forced refresh, answered {@code 200} once the read
     * model shows it, or {@code 202} when that took longer than the read-after-write timeout.
     */
    void refresh(String accountId) throws IOException {
        Answer answer = pooled(new HttpPost(base.resolve("/v1/accounts/" + accountId + "/refresh")));
        expect(answer.status() == 202 ? 202 : 200, "POST /v1/accounts/{id}/refresh", answer.status(), answer.body());
    }

    /** {@code GET /v1/accounts?...}: one page. */
    void list(String query) throws IOException {
        Answer answer = pooled(new HttpGet(base.resolve("/v1/accounts?" + query)));
        expect(200, "GET /v1/accounts", answer.status(), answer.body());
    }

    private record Answer(int status, String body) {
    }

    private Answer pooled(ClassicHttpRequest request) throws IOException {
        request.setHeader("Authorization", "Bearer " + apiKey);
        return timed.execute(request, response -> new Answer(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    /**
     * A sandbox account holding {@code accessToken}, made by {@code POST /v1/accounts/import} (no
     * platform called): the proxy benchmark's account, whose token the driver also knows.
     */
    String importSandbox(String username, String accessToken, Instant expiresAt) throws IOException, InterruptedException {
        return importSandbox(List.of(sandboxItem(username, accessToken, expiresAt))).at("/results/0/accountId").asText();
    }

    /**
     * One {@code POST /v1/accounts/import} of sandbox accounts named {@code usernames}, the i-th token
     * expiring at {@code expiries[i]}: the scale run's seeding. Only a {@code 200} (every item imported) passes.
     */
    void importSandboxBatch(List<String> usernames, List<Instant> expiries) throws IOException, InterruptedException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < usernames.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>(sandboxItem(usernames.get(i), "bench-access-" + usernames.get(i), expiries.get(i)));
            item.put("refreshToken", "bench-refresh-" + usernames.get(i));
            items.add(item);
        }
        importSandbox(items);
    }

    private static Map<String, Object> sandboxItem(String username, String accessToken, Instant expiresAt) {
        return Map.of("platform", "sandbox", "platformUserId", username,
                "profile", Map.of("displayName", "Bench " + username, "handle", username),
                "accessToken", accessToken, "accessTokenExpiresAt", expiresAt.toString());
    }

    private JsonNode importSandbox(List<Map<String, Object>> items) throws IOException, InterruptedException {
        return json(expect(200, send(api("/v1/accounts/import")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("accounts", items)))))));
    }

    /** {@code GET /v1/accounts/{id}}: one account, read from the read model. */
    void account(String accountId) throws IOException, InterruptedException {
        expect(200, send(api("/v1/accounts/" + accountId).GET()));
    }

    /** {@code GET /v1/accounts/{id}/proxy/{path}}: the platform's answer, which must be {@code 200}. */
    void proxiedGet(String accountId, String path) throws IOException, InterruptedException {
        expect(200, send(api("/v1/accounts/" + accountId + "/proxy" + path).GET()));
    }

    /** The proxy's route for {@code path} of the account's platform, to build a request on. */
    HttpRequest.Builder proxied(String accountId, String path) {
        return api("/v1/accounts/" + accountId + "/proxy" + path);
    }

    /** A statistic of an actuator metric (admin token) for the tags given, e.g. {@code jvm.memory.used}, {@code VALUE}, {@code area:heap}. */
    double metric(String name, String statistic, String... tags) throws IOException, InterruptedException {
        return metricOr(Double.NaN, name, statistic, tags);
    }

    /** As {@link #metric}, or {@code absent} while nothing has recorded the metric yet (the actuator answers 404). */
    double metricOr(double absent, String name, String statistic, String... tags) throws IOException, InterruptedException {
        String query = Arrays.stream(tags).map(tag -> "tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = send(admin("/actuator/metrics/" + name + "?" + query).GET());
        if (response.statusCode() == 404 && !Double.isNaN(absent)) {
            return absent;
        }
        JsonNode answer = json(expect(200, response));
        for (JsonNode measurement : answer.path("measurements")) {
            if (statistic.equals(measurement.path("statistic").asText())) {
                return measurement.path("value").asDouble();
            }
        }
        throw new IOException(name + " has no " + statistic);
    }

    /** Starts a rebuild of the accounts read model ({@code 202}). */
    void startRebuild() throws IOException, InterruptedException {
        expect(202, send(admin("/admin/v1/rebuilds/accounts").POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** Where the rebuild is: {@code state}, {@code replayedTo}, {@code head}, ... */
    JsonNode rebuild() throws IOException, InterruptedException {
        return json(expect(200, send(admin("/admin/v1/rebuilds/accounts").GET())));
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + apiKey);
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + adminToken);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.get().send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of an answer with the expected status; otherwise the status and error code as the failure. */
    static String expect(int status, HttpResponse<String> response) throws IOException {
        return expect(status, response.request().method() + " " + response.uri().getPath(), response.statusCode(), response.body());
    }

    private static String expect(int status, String request, int answered, String body) throws IOException {
        if (answered != status) {
            String code = "";
            try {
                code = " " + JSON.readTree(body).path("error").path("code").asText("");
            } catch (IOException notJson) {
                // the status says enough
            }
            throw new IOException(request + " answered " + answered + code);
        }
        return body;
    }

    private static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
