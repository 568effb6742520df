package dev.mooring.command.connect;

import dev.mooring.command.platform.ChoiceRequired.Choice;

import dev.mooring.kernel.FrontDoor;
import java.time.Instant;
import java.util.List;

/** A connect waiting for the caller to pick one of {@code choices} before {@code expiresAt}. */
@FrontDoor
public record PendingChoice(List<Choice> choices, Instant expiresAt) {

    public boolean offers(String choiceId) {
        return choices.stream().anyMatch(choice -> choice.id().equals(choiceId));
    }
}
