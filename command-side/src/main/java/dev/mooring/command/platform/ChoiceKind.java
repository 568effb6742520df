package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;

import java.util.Map;

/**
 * What a platform's user picks when a connect pauses for a choice (Facebook: a Page; Pinterest: a
 * board), in the API's words: the {@link ConnectOptions} option that names the pick, at start or
 * at select ({@code pageId}), and the name the choices are listed under ({@code pages}).
 */
@FrontDoor
public record ChoiceKind(String option, String listName) {

    /** The pick {@code options} name, or null when they name none. */
    public String pickedIn(ConnectOptions options) {
        return options.named().get(option);
    }

    /** The options that pick {@code choiceId}, for a caller that knows the choice only by its id (the Connect page). */
    public ConnectOptions picking(String choiceId) {
        return ConnectOptions.of(Map.of(option, choiceId));
    }
}
