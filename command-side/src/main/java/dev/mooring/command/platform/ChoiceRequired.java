package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;
import java.util.List;

/**
 * The connect needs the user to pick one of several things (Facebook: the Page that becomes the
 * account; Pinterest: the board pins go to; see {@link OAuthConnector#choiceKind()}) and the start
 * named none. No account exists yet; {@link OAuthConnector#choose} finishes the connect with
 * {@code resumeToken} once the caller has picked one of {@code choices}.
 *
 * @param resumeToken a secret that lets the connector finish (Facebook: the long-lived user token;
 *                    Pinterest: the user's tokens and profile); kept only sealed, never shown
 * @param choices     what may be picked, public facts only
 */
@FrontDoor
public record ChoiceRequired(String resumeToken, List<Choice> choices) implements ConnectResult {

    /** One thing the user may pick. */
    public record Choice(String id, String name, String pictureUrl) {
    }

    public ChoiceRequired {
        choices = List.copyOf(choices);
    }

    @Override
    public String toString() {
        return "ChoiceRequired[" + choices.size() + " choices, resume token redacted]";
    }
}
