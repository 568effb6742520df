package dev.mooring.command.connect;

import dev.mooring.command.platform.ChoiceKind;
import dev.mooring.command.platform.ChoiceRequired.Choice;
import dev.mooring.kernel.FrontDoor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A connect waiting for the caller to pick one of {@code choices}, each a {@code kind}, before {@code expiresAt}. */
@FrontDoor
public record PendingChoice(ChoiceKind kind, List<Choice> choices, Instant expiresAt) {

    /** The choice offered under this id. */
    public Optional<Choice> offered(String choiceId) {
        return choices.stream().filter(choice -> choice.id().equals(choiceId)).findFirst();
    }
}
