package dev.mooring.command.platform.pinterest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.account.AccountProfile;

import java.time.Instant;

/**
 * A Pinterest connect waiting for the user's board: who they are and the tokens the code bought, as
 * the resume token of the choice. The connect flow keeps it only sealed under the selection token
 * (as Facebook's long-lived user token), so the board picked finishes the connect without a second
 * code and without asking Pinterest again.
 */
record AwaitingBoard(String userId, AccountProfile profile, PlainCredentials credentials) {

    private static final ObjectMapper JSON = new ObjectMapper();

    String resumeToken() {
        ObjectNode node = JSON.createObjectNode()
                .put("userId", userId)
                .put("displayName", profile.displayName())
                .put("handle", profile.handle())
                .put("avatarUrl", profile.avatarUrl())
                .put("accessToken", credentials.accessToken())
                .put("refreshToken", credentials.refreshToken())
                .put("expiresAt", instant(credentials.expiresAt()))
                .put("refreshExpiresAt", instant(credentials.refreshExpiresAt()));
        return node.toString();
    }

    static AwaitingBoard of(String resumeToken) {
        JsonNode node;
        try {
            node = JSON.readTree(resumeToken);
        } catch (JsonProcessingException e) {
            // no message of the parser's: it could quote the token
            throw new IllegalStateException("a Pinterest resume token that is not JSON");
        }
        return new AwaitingBoard(node.path("userId").asText(),
                new AccountProfile(node.path("displayName").asText(null), node.path("handle").asText(null),
                        node.path("avatarUrl").asText(null)),
                new PlainCredentials(node.path("accessToken").asText(), node.path("refreshToken").asText(null), null,
                        instant(node.path("expiresAt").asText(null)), instant(node.path("refreshExpiresAt").asText(null))));
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public String toString() {
        return "AwaitingBoard[" + userId + ", tokens redacted]";
    }
}
