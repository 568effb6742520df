package dev.mooring.command.platform;

import dev.mooring.command.platform.ChoiceRequired.Choice;
import dev.mooring.kernel.Platform;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One platform's side of the OAuth connect flow. Everything that differs between platforms (URLs,
 * scopes, client authentication, PKCE, profile shape) lives behind this interface, in the
 * platform's own package.
 */
public interface OAuthConnector {

    Platform platform();

    /** False when the platform's client credentials are not configured. */
    boolean enabled();

    /** The settings an operator sets to turn this platform on: what {@code platform_not_enabled} names. */
    default List<String> enablingSettings() {
        String prefix = "MOORING_" + platform().name() + "_";
        return List.of(prefix + "CLIENT_ID", prefix + "CLIENT_SECRET");
    }

    /** Whether the platform takes a PKCE S256 code challenge. */
    boolean usesPkce();

    /** Where to send the user's browser to consent. */
    URI authorizationUrl(String state, URI redirectUri, String codeChallenge);

    /** Exchanges the code and reads who the user is, or which identities the user may pick from. */
    ConnectResult connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options);

    /** What the user picks when {@link #connect} answers {@link ChoiceRequired}; empty for a platform that never asks. */
    default Optional<ChoiceKind> choiceKind() {
        return Optional.empty();
    }

    /**
     * Finishes a connect that answered {@link ChoiceRequired}, with the choice picked (one of those
     * it offered). Only a connector with a {@link #choiceKind()} is asked.
     */
    default UpstreamAccount choose(String resumeToken, Choice picked) {
        throw new UnsupportedOperationException(platform().wireName() + " never asks for a choice");
    }
}
