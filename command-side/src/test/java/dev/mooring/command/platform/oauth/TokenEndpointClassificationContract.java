package dev.mooring.command.platform.oauth;

import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.UpstreamStub.Answer;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What every OAuth 2 platform's answers mean, against a real HTTP server: only the platform's own
 * refusal of the refresh token (or RFC 6749's {@code invalid_grant}) is the account's death; the
 * app's credentials refused is the operator's fault; outages and anything unrecognised at the token
 * endpoint pass. Each platform's test names its documented answers and dialect; the rules are here.
 */
public abstract class TokenEndpointClassificationContract {

    protected static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    protected static final PlainCredentials CURRENT = new PlainCredentials("access-1", "refresh-1", null,
            NOW.minusSeconds(10), null);

    protected UpstreamStub upstream;
    protected OAuth2Client client;

    protected abstract Platform platform();

    protected abstract ErrorDialect dialect();

    protected abstract ClientAuthentication clientAuthentication();

    /** The platform's documented answer to a dead or already-used refresh token. */
    protected abstract Answer refreshTokenRefused();

    /** The platform's documented answer when the app's own client credentials are refused. */
    protected abstract Answer clientRefused();

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = new UpstreamStub();
        client = new OAuth2Client(platform(), new OAuth2Settings("client-id", "client-secret", upstream.url("/authorize"),
                upstream.url("/token"), List.of("offline"), " ", clientAuthentication(), false), UpstreamHttp.client(),
                dialect(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    // --- the account's grant is dead -------------------------------------------------------------------

    @Test
    void thePlatformsRefusalOfTheRefreshTokenIsTheAccountsDeath() {
        PlatformFailure failure = refreshAnswered(refreshTokenRefused());
        assertThat(failure.kind()).isEqualTo(Kind.AUTH_FAILED);
        assertThat(failure.code()).isEqualTo(ErrorCode.PLATFORM_AUTH_FAILED);
    }

    @Test
    void rfc6749InvalidGrantIsTheAccountsDeath() {
        assertThat(refreshAnswered(Answer.json(400, """
                {"error":"invalid_grant","error_description":"Refresh token revoked"}""")).kind())
                .isEqualTo(Kind.AUTH_FAILED);
    }

    @Test
    void aStoredAccessTokenRefusedWith401IsAuthFailed() {
        upstream.answer(Answer.json(401, """
                {"title":"Unauthorized","status":401,"detail":"Unauthorized"}"""));
        assertThat(failureOf(() -> client.getJson(upstream.url("/me"), CURRENT.accessToken(), OAuth2Client.Phase.STORED)).kind()).isEqualTo(Kind.AUTH_FAILED);
    }

    @Test
    void aStoredAccessTokenRefusedWith403IsARefusalNotADeadGrant() {
        // a missing scope or access tier: the call is refused, the grant lives
        upstream.answer(Answer.json(403, """
                {"title":"Forbidden","status":403,"detail":"Forbidden"}"""));
        assertThat(failureOf(() -> client.getJson(upstream.url("/me"), CURRENT.accessToken(), OAuth2Client.Phase.STORED)).kind()).isEqualTo(Kind.REJECTED);
    }

    // --- the operator's fault: never an account's --------------------------------------------------------

    @Test
    void thePlatformsRefusalOfTheAppsCredentialsIsTheOperatorsFault() {
        PlatformFailure failure = refreshAnswered(clientRefused());
        assertThat(failure.kind()).isEqualTo(Kind.CLIENT_REJECTED);
        assertThat(failure.code()).isNotEqualTo(ErrorCode.PLATFORM_AUTH_FAILED);
    }

    @Test
    void invalidClientAt401IsTheOperatorsFault() {
        assertThat(refreshAnswered(Answer.json(401, """
                {"error":"invalid_client","error_description":"Client authentication failed"}""")).kind())
                .isEqualTo(Kind.CLIENT_REJECTED);
    }

    @Test
    void unauthorizedClientAt401IsTheOperatorsFault() {
        assertThat(refreshAnswered(Answer.json(401, """
                {"error":"unauthorized_client","error_description":"Missing valid authorization header"}""")).kind())
                .isEqualTo(Kind.CLIENT_REJECTED);
    }

    @Test
    protected void unauthorizedClientAt400IsTheOperatorsFault() {
        // RFC 6749 5.2 answers unauthorized_client with 400: the body names the client, not the grant
        assertThat(refreshAnswered(Answer.json(400, """
                {"error":"unauthorized_client","error_description":"Client not allowed this grant type"}""")).kind())
                .isEqualTo(Kind.CLIENT_REJECTED);
    }

    @Test
    void aBare401AtTheTokenEndpointIsTheOperatorsFault() {
        assertThat(refreshAnswered(new Answer(401, "", Map.of())).kind()).isEqualTo(Kind.CLIENT_REJECTED);
    }

    @Test
    void theAppsCredentialsRefusedAtTheRevokeEndpointIsTheOperatorsFault() {
        upstream.answer(Answer.json(401, """
                {"error":"invalid_client"}"""));
        assertThat(failureOf(() -> client.revoke(upstream.url("/revoke"), "refresh-1", "refresh_token")).kind())
                .isEqualTo(Kind.CLIENT_REJECTED);
    }

    // --- outages pass, and say when to come back ------------------------------------------------------------

    @Test
    void a503IsAnOutageAndItsRetryAfterSecondsAreKept() {
        PlatformFailure failure = refreshAnswered(Answer.json(503, "{}").withHeader("Retry-After", "120"));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsKept() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));
        PlatformFailure failure = refreshAnswered(Answer.json(503, "").withHeader("Retry-After", date));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void a429IsAnOutageAndXsRateLimitResetIsKept() {
        PlatformFailure failure = refreshAnswered(Answer.json(429, """
                {"title":"Too Many Requests","status":429}""")
                .withHeader("x-rate-limit-reset", String.valueOf(NOW.plusSeconds(300).getEpochSecond())));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void a429WithRetryAfterIsAnOutage() {
        PlatformFailure failure = refreshAnswered(Answer.json(429, "{}").withHeader("Retry-After", "7"));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void a5xxIsAnOutageWhateverItsBodySays() {
        PlatformFailure failure = refreshAnswered(Answer.json(500, """
                {"error":"invalid_grant"}"""));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).isNull();
    }

    @Test
    void anUnreachableTokenEndpointIsAnOutage() {
        upstream.close();
        assertThat(failureOf(() -> client.refresh(CURRENT, NOW)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    // --- unrecognised answers at the token endpoint pass ---------------------------------------------------

    @Test
    protected void anUnknownErrorAtTheTokenEndpointIsNeverTheAccountsDeath() {
        assertThat(refreshAnswered(Answer.json(400, """
                {"error":"server_overloaded","error_description":"try again"}""")).kind())
                .isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    protected void aNonJson400AtTheTokenEndpointIsNeverTheAccountsDeath() {
        // a proxy's HTML page names nobody's grant
        assertThat(refreshAnswered(Answer.json(400, "<html><body>Bad Request</body></html>")).kind())
                .isEqualTo(Kind.UNAVAILABLE);
    }

    // --- what is sent ----------------------------------------------------------------------------------

    @Test
    void aRefreshSendsTheRefreshGrantWithTheAppsCredentials() {
        upstream.answer(Answer.json(200, """
                {"access_token":"access-2","refresh_token":"refresh-2","expires_in":7200}"""));
        PlainCredentials renewed = client.refresh(CURRENT, NOW);

        assertThat(renewed.accessToken()).isEqualTo("access-2");
        assertThat(renewed.refreshToken()).isEqualTo("refresh-2");
        assertThat(renewed.expiresAt()).isEqualTo(NOW.plusSeconds(7200));
        UpstreamStub.Received request = upstream.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/token");
        assertThat(request.body()).contains("grant_type=refresh_token", "refresh_token=refresh-1");
        if (clientAuthentication() == ClientAuthentication.BASIC) {
            assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("client-id:client-secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.body()).doesNotContain("client_secret");
        } else {
            assertThat(request.body()).contains("client_id=client-id", "client_secret=client-secret");
        }
    }

    @Test
    void anAccountWithoutARefreshTokenIsNeitherSentNorRevoked() {
        PlatformFailure failure = failureOf(() -> client.refresh(
                new PlainCredentials("access-1", null, null, NOW.plusSeconds(60), null), NOW));
        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(upstream.received()).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------------

    protected PlatformFailure refreshAnswered(Answer answer) {
        upstream.answer(answer);
        PlatformFailure failure = failureOf(() -> client.refresh(CURRENT, NOW));
        assertThat(upstream.received()).as("the refresh reached the token endpoint").hasSize(1);
        return failure;
    }

    protected static PlatformFailure failureOf(Runnable call) {
        try {
            call.run();
        } catch (PlatformFailure failure) {
            return failure;
        }
        return fail("expected a PlatformFailure");
    }
}
