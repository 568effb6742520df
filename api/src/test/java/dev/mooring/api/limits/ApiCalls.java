package dev.mooring.api.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP to the running application, every answer whatever its status. */
final class ApiCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final WebClient http;

    /** Its own connection pool, wide enough for {@code connections} requests at once, so that no caller waits on another's. */
    ApiCalls(int port, int connections) {
        this.http = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.create("api-calls", connections))))
                .build();
    }

    /** An answer: status, parsed JSON body (empty object when none), headers. */
    record Answer(int status, JsonNode body, HttpHeaders headers) {
        String errorCode() {
            return body.at("/error/code").asText(null);
        }

        String errorMessage() {
            return body.at("/error/message").asText(null);
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    Answer get(String path, String bearer) {
        return answer(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer)).block(PATIENCE);
    }

    Answer post(String path, String bearer, Map<String, ?> body) {
        return postAsync(path, bearer, body).join();
    }

    /** With an {@code Idempotency-Key}, as a client that retries would send it. */
    Answer post(String path, String bearer, Map<String, ?> body, String idempotencyKey) {
        return answer(http.post().uri(path).header(HttpHeaders.AUTHORIZATION, bearer).header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)).block(PATIENCE);
    }

    Answer delete(String path, String bearer) {
        return answer(http.delete().uri(path).header(HttpHeaders.AUTHORIZATION, bearer)).block(PATIENCE);
    }

    CompletableFuture<Answer> postAsync(String path, String bearer, Map<String, ?> body) {
        return answer(http.post().uri(path).header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)).timeout(PATIENCE).toFuture();
    }

    private static Mono<Answer> answer(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                .map(body -> new Answer(response.statusCode().value(), parse(body), response.headers().asHttpHeaders())));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
