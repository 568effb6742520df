package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;
import java.util.List;

/**
 * The user holds several upstream identities that could each be the account (Facebook: the Pages
 * they manage) and the start named none. No account exists yet; {@link OAuthConnector#choose}
 * finishes the connect with {@code resumeToken} once the caller has picked one of {@code choices}.
 *
 * @param resumeToken a secret that lets the connector read the choices again (Facebook: the
 *                    long-lived user token); kept only sealed, never shown
 * @param choices     what may be picked, public facts only
 */
@FrontDoor
public record ChoiceRequired(String resumeToken, List<Choice> choices) implements ConnectResult {

    /** One identity the user may connect. */
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
