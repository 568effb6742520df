package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A posting tool's posts, made through the proxy as the account on every platform, each the way
 * the platform takes it (media first where it has a media step): the platform's test server sees
 * the account's current token, the caller gets the platform's answer and never the token; and
 * what the platform refuses in those calls comes back as the platform said it.
 */
@ProxyTest
class ProxyPostsTest {

    /** A 1x1 PNG: the image a post carries. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final String LINKEDIN_VERSION = "202511";

    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    PinterestTestServer pinterest;
    @Autowired
    TestPds pds;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = accounts.tenant();
    }

    @Test
    void anXPostCarriesAnImageUploadedAsTheAccount() throws Exception {
        XTestServer.User grace = new XTestServer.User("x-grace", "Grace", "grace", "https://pbs.twimg.test/g.jpg");
        String token = x.grant(grace).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, grace.id(), token);

        HttpResponse<String> uploaded = multipart(id, "/2/media/upload", Map.of("media_category", "tweet_image"), "media", PNG);
        String mediaId = json.readTree(uploaded.body()).at("/data/id").asText();
        HttpResponse<String> posted = send(id, "POST", "/2/tweets", Map.of("Content-Type", "application/json"),
                json.writeValueAsString(Map.of("text", "with a picture", "media", Map.of("media_ids", List.of(mediaId)))));

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(json.readTree(uploaded.body()).at("/data/image/image_type").asText()).isEqualTo("image/png");
        assertThat(json.readTree(uploaded.body()).at("/data/size").asInt()).isEqualTo(PNG.length);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(json.readTree(posted.body()).at("/data/id").asText()).isNotEmpty();
        assertThat(x.requests(XTestServer.MEDIA_UPLOAD)).singleElement().satisfies(seen -> assertThat(bearer(seen)).isEqualTo(token));
        assertThat(x.requests(XTestServer.TWEETS)).singleElement().satisfies(seen -> assertThat(bearer(seen)).isEqualTo(token));
        assertNoToken(token, uploaded, posted);
    }

    @Test
    void xRefusesAnUploadWithoutItsFileAndAPostWithMediaItNeverTook() throws Exception {
        XTestServer.User alan = new XTestServer.User("x-alan", "Alan", "alan", "https://pbs.twimg.test/a.jpg");
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, alan.id(), x.grant(alan).accessToken());

        HttpResponse<String> noFile = multipart(id, "/2/media/upload", Map.of("media_category", "tweet_image"), "other", PNG);
        HttpResponse<String> unknownMedia = send(id, "POST", "/2/tweets", Map.of("Content-Type", "application/json"),
                "{\"text\":\"hi\",\"media\":{\"media_ids\":[\"1234\"]}}");

        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noFile.body()).get("title").asText()).isEqualTo("Invalid Request");
        assertThat(unknownMedia.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknownMedia.body()).at("/errors/0/message").asText()).isEqualTo("Your media IDs are invalid.");
        assertThat(unknownMedia.headers().firstValue("x-mooring-platform-status")).hasValue("400");
    }

    @Test
    void aLinkedInPostCarriesAnImageRegisteredThenPutOnTheUploadUrl() throws Exception {
        LinkedInTestServer.Member emmy = new LinkedInTestServer.Member("li-emmy", "Emmy", "Noether", "https://media.licdn.test/e.jpg", "e@example.org");
        String token = linkedIn.grant(emmy).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.LINKEDIN, emmy.sub(), token);

        HttpResponse<String> initialized = send(id, "POST", "/rest/images?action=initializeUpload", linkedInHeaders(),
                "{\"initializeUploadRequest\":{\"owner\":\"urn:li:person:li-emmy\"}}");
        JsonNode value = json.readTree(initialized.body()).get("value");
        HttpResponse<String> put = proxy.send(HttpRequest.newBuilder(proxy.url("/v1/accounts/" + id.value() + "/proxy-url?url="
                        + URLEncoder.encode(value.get("uploadUrl").asText(), StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + tenant.key()).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(PNG)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = send(id, "POST", "/rest/posts", linkedInHeaders(), json.writeValueAsString(Map.of(
                "author", "urn:li:person:li-emmy", "commentary", "with a picture", "visibility", "PUBLIC",
                "distribution", Map.of("feedDistribution", "MAIN_FEED"), "lifecycleState", "PUBLISHED",
                "content", Map.of("media", Map.of("id", value.get("image").asText(), "altText", "a dot")))));

        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        assertThat(value.get("image").asText()).startsWith("urn:li:image:");
        assertThat(value.get("uploadUrl").asText()).startsWith(linkedIn.uploadOrigin().toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
        assertThat(post.headers().firstValue("x-restli-id")).hasValueSatisfying(urn -> assertThat(urn).startsWith("urn:li:share:"));
        assertThat(linkedIn.requests(LinkedInTestServer.IMAGES)).singleElement().satisfies(seen -> assertThat(bearer(seen)).isEqualTo(token));
        assertThat(linkedIn.uploads()).singleElement().satisfies(seen -> {
            assertThat(bearer(seen)).isEqualTo(token);
            assertThat(seen.bytes()).isEqualTo(PNG);
        });
        assertThat(linkedIn.requests(LinkedInTestServer.POSTS)).singleElement().satisfies(seen -> assertThat(bearer(seen)).isEqualTo(token));
        assertNoToken(token, initialized, put, post);
    }

    @Test
    void linkedInRefusesAPostWhoseImageNeverArrivedAndAnUploadForSomeoneElse() throws Exception {
        LinkedInTestServer.Member otto = new LinkedInTestServer.Member("li-otto", "Otto", "Hahn", "https://media.licdn.test/o.jpg", "o@example.org");
        AccountId id = proxy.connected(tenant.workspace(), Platform.LINKEDIN, otto.sub(), linkedIn.grant(otto).accessToken());

        HttpResponse<String> notTheirs = send(id, "POST", "/rest/images?action=initializeUpload", linkedInHeaders(),
                "{\"initializeUploadRequest\":{\"owner\":\"urn:li:person:someone-else\"}}");
        HttpResponse<String> noOwner = send(id, "POST", "/rest/images?action=initializeUpload", linkedInHeaders(),
                "{\"initializeUploadRequest\":{}}");
        HttpResponse<String> initialized = send(id, "POST", "/rest/images?action=initializeUpload", linkedInHeaders(),
                "{\"initializeUploadRequest\":{\"owner\":\"urn:li:person:li-otto\"}}");
        String image = json.readTree(initialized.body()).at("/value/image").asText();
        HttpResponse<String> post = send(id, "POST", "/rest/posts", linkedInHeaders(),
                "{\"author\":\"urn:li:person:li-otto\",\"commentary\":\"hi\",\"content\":{\"media\":{\"id\":\"" + image + "\"}}}");

        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(json.readTree(notTheirs.body()).get("code").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(noOwner.statusCode()).isEqualTo(422);
        assertThat(post.statusCode()).as("the bytes were never PUT").isEqualTo(422);
        assertThat(json.readTree(post.body()).get("message").asText()).contains(image);
    }

    @Test
    void aPinIsCreatedOnTheUsersBoard() throws Exception {
        PinterestTestServer.User maria = new PinterestTestServer.User("pin-maria", "maria", "Maria's", "https://i.pinimg.test/m.jpg",
                List.of(new PinterestTestServer.Board("board-1", "Ideas")));
        String token = pinterest.grant(maria).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.PINTEREST, maria.id(), token);

        HttpResponse<String> pin = send(id, "POST", "/v5/pins", Map.of("Content-Type", "application/json"), json.writeValueAsString(Map.of(
                "board_id", "board-1", "title", "a dot", "description", "with a picture",
                "media_source", Map.of("source_type", "image_url", "url", "https://cdn.example/dot.png"))));
        HttpResponse<String> noBoard = send(id, "POST", "/v5/pins", Map.of("Content-Type", "application/json"),
                "{\"media_source\":{\"source_type\":\"image_url\",\"url\":\"https://cdn.example/dot.png\"}}");

        assertThat(pin.statusCode()).as(pin.body()).isEqualTo(201);
        assertThat(json.readTree(pin.body()).get("board_id").asText()).isEqualTo("board-1");
        assertThat(json.readTree(pin.body()).get("id").asText()).isNotEmpty();
        assertThat(noBoard.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noBoard.body()).get("code").asInt()).isEqualTo(1);
        assertThat(pinterest.requests(PinterestTestServer.PINS)).hasSize(2).allSatisfy(seen -> assertThat(bearer(seen)).isEqualTo(token));
        assertNoToken(token, pin, noBoard);
    }

    @Test
    void anInstagramPostIsAContainerThenItsPublication() throws Exception {
        LongLivedTokenTestServer instagram = MetaTestServers.instagram();
        LongLivedTokenTestServer.User gram = instagram.user("poster");
        String token = instagram.longLivedTokenOf(gram);
        AccountId id = proxy.connected(tenant.workspace(), Platform.INSTAGRAM, gram.id(), token);

        HttpResponse<String> noImage = form(id, instagram.containerPath(gram), "caption=hello");
        HttpResponse<String> container = form(id, instagram.containerPath(gram),
                "image_url=" + URLEncoder.encode("https://cdn.example/dot.jpg", StandardCharsets.UTF_8) + "&caption=hello");
        String creationId = json.readTree(container.body()).get("id").asText();
        HttpResponse<String> published = form(id, instagram.publishPath(gram), "creation_id=" + creationId);
        HttpResponse<String> again = form(id, instagram.publishPath(gram), "creation_id=" + creationId);

        assertThat(noImage.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noImage.body()).at("/error/code").asInt()).isEqualTo(100);
        assertThat(container.statusCode()).as(container.body()).isEqualTo(200);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json.readTree(published.body()).get("id").asText()).isNotEqualTo(creationId);
        assertThat(again.statusCode()).as("a container publishes once").isEqualTo(400);
        assertThat(instagram.requests(instagram.containerPath(gram))).hasSize(2).allSatisfy(seen -> assertThat(seen.accessToken()).isEqualTo(token));
        assertThat(instagram.requests(instagram.publishPath(gram))).hasSize(2).allSatisfy(seen -> assertThat(seen.accessToken()).isEqualTo(token));
        assertNoToken(token, noImage, container, published, again);
    }

    @Test
    void aThreadsPostIsAContainerThenItsPublication() throws Exception {
        LongLivedTokenTestServer threads = MetaTestServers.threads();
        LongLivedTokenTestServer.User thread = threads.user("poster");
        String token = threads.longLivedTokenOf(thread);
        AccountId id = proxy.connected(tenant.workspace(), Platform.THREADS, thread.id(), token);

        HttpResponse<String> noText = form(id, threads.containerPath(thread), "media_type=TEXT");
        HttpResponse<String> container = form(id, threads.containerPath(thread), "media_type=TEXT&text=hello");
        HttpResponse<String> published = form(id, threads.publishPath(thread),
                "creation_id=" + json.readTree(container.body()).get("id").asText());

        assertThat(noText.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noText.body()).at("/error/message").asText()).contains("text");
        assertThat(container.statusCode()).as(container.body()).isEqualTo(200);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json.readTree(published.body()).get("id").asText()).isNotEmpty();
        assertThat(threads.requests(threads.publishPath(thread))).singleElement().satisfies(seen -> assertThat(seen.accessToken()).isEqualTo(token));
        assertNoToken(token, noText, container, published);
    }

    @Test
    void aBlueskyPostEmbedsABlobUploadedToTheAccountsOwnPds() throws Exception {
        TestPds.Account user = pds.createAccount("poster-" + System.nanoTime() + ".test");
        HttpResponse<String> connected = proxy.send("POST", "/v1/accounts/connect/bluesky/complete", tenant.key(),
                Map.of("Content-Type", "application/json"),
                json.writeValueAsString(Map.of("identifier", user.handle(), "appPassword", pds.createAppPassword(user))));
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
        AccountId id = new AccountId(json.readTree(connected.body()).get("id").asText());

        HttpResponse<String> blob = proxy.send(HttpRequest.newBuilder(proxy.url("/v1/accounts/" + id.value()
                        + "/proxy/xrpc/com.atproto.repo.uploadBlob"))
                .header("Authorization", "Bearer " + tenant.key()).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PNG)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode ref = json.readTree(blob.body()).get("blob");
        Map<String, Object> record = Map.of("$type", "app.bsky.feed.post", "text", "with a picture",
                "createdAt", Instant.now().toString(),
                "embed", Map.of("$type", "app.bsky.embed.images", "images", List.of(Map.of("alt", "a dot", "image", ref))));
        HttpResponse<String> created = createRecord(id, Map.of("repo", user.did(), "collection", "app.bsky.feed.post", "record", record));
        HttpResponse<String> undated = createRecord(id, Map.of("repo", user.did(), "collection", "app.bsky.feed.post",
                "record", Map.of("$type", "app.bsky.feed.post", "text", "no date")));

        assertThat(blob.statusCode()).as(blob.body()).isEqualTo(200);
        assertThat(ref.at("/ref/$link").asText()).startsWith("bafkrei");
        assertThat(ref.get("size").asInt()).isEqualTo(PNG.length);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json.readTree(created.body()).get("uri").asText()).startsWith("at://" + user.did() + "/app.bsky.feed.post/");
        assertThat(pds.records(user)).hasSize(1);
        assertThat(undated.statusCode()).isEqualTo(400);
        assertThat(json.readTree(undated.body()).get("error").asText()).isEqualTo("InvalidRequest");
        String current = pds.newestAccessJwt(user);
        assertThat(pds.requests("/xrpc/com.atproto.repo.uploadBlob")).singleElement()
                .satisfies(seen -> assertThat(bearer(seen)).isEqualTo(current));
        assertThat(pds.requests("/xrpc/com.atproto.repo.createRecord")).hasSize(2)
                .allSatisfy(seen -> assertThat(bearer(seen)).isEqualTo(current));
        pds.assertNoSecretIn(blob.body() + blob.headers().map() + created.body() + created.headers().map());
    }

    @Test
    void aBlueskyPostCannotEmbedABlobTheAccountNeverUploaded() throws Exception {
        TestPds.Account user = pds.createAccount("stranger-" + System.nanoTime() + ".test");
        HttpResponse<String> connected = proxy.send("POST", "/v1/accounts/connect/bluesky/complete", tenant.key(),
                Map.of("Content-Type", "application/json"),
                json.writeValueAsString(Map.of("identifier", user.handle(), "appPassword", pds.createAppPassword(user))));
        AccountId id = new AccountId(json.readTree(connected.body()).get("id").asText());
        Map<String, Object> foreignBlob = Map.of("$type", "blob", "ref", Map.of("$link", "bafkreinotuploaded"),
                "mimeType", "image/png", "size", 10);

        HttpResponse<String> created = createRecord(id, Map.of("repo", user.did(), "collection", "app.bsky.feed.post",
                "record", Map.of("$type", "app.bsky.feed.post", "text", "hi", "createdAt", Instant.now().toString(),
                        "embed", Map.of("$type", "app.bsky.embed.images", "images", List.of(Map.of("alt", "", "image", foreignBlob))))));

        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(json.readTree(created.body()).get("message").asText()).contains("bafkreinotuploaded");
        assertThat(pds.records(user)).isEmpty();
    }

    private HttpResponse<String> send(AccountId id, String method, String pathAndQuery, Map<String, String> headers, String body) {
        return proxy.send(method, "/v1/accounts/" + id.value() + "/proxy" + pathAndQuery, tenant.key(), headers, body);
    }

    /** A Graph call with its parameters in a form body, as posting tools make them. */
    private HttpResponse<String> form(AccountId id, String path, String body) {
        return send(id, "POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    private HttpResponse<String> createRecord(AccountId id, Map<String, Object> input) throws Exception {
        return send(id, "POST", "/xrpc/com.atproto.repo.createRecord", Map.of("Content-Type", "application/json"),
                json.writeValueAsString(input));
    }

    /** A {@code multipart/form-data} POST of {@code fields} and one file part. */
    private HttpResponse<String> multipart(AccountId id, String path, Map<String, String> fields, String fileField, byte[] file) {
        String boundary = "mooring-test-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"dot.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return proxy.send(HttpRequest.newBuilder(proxy.url("/v1/accounts/" + id.value() + "/proxy" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tenant.key())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> linkedInHeaders() {
        return Map.of("Content-Type", "application/json", "LinkedIn-Version", LINKEDIN_VERSION, "X-Restli-Protocol-Version", "2.0.0");
    }

    private static String bearer(PlatformRequest seen) {
        return seen.bearer().orElse(null);
    }

    @SafeVarargs
    private static void assertNoToken(String token, HttpResponse<String>... answers) {
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.body() + answer.headers().map()).doesNotContain(token);
        }
    }
}
