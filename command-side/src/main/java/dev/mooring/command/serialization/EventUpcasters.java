package dev.mooring.command.serialization;

import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

import dev.mooring.kernel.FrontDoor;
import java.util.Set;

/**
 * Every step by which a stored event reaches its class's current {@code @Revision}, in order. The
 * application's event store reads through this chain and the event fixture tests do too, so an event
 * whose shape changes without a new revision, a step here and a fixture fails the build.
 */
@FrontDoor
public final class EventUpcasters {

    static final String ACCOUNT_CONNECTED = "dev.mooring.kernel.account.AccountConnected";

    /** Every event type stored before events carried revisions (all of them, then). */
    private static final Set<String> STORED_WITHOUT_REVISION = Set.of(
            ACCOUNT_CONNECTED,
            "dev.mooring.kernel.account.AccountDisconnected",
            "dev.mooring.kernel.account.AccountRevoked",
            "dev.mooring.kernel.account.TokenExpiring",
            "dev.mooring.kernel.account.TokenRefreshFailed",
            "dev.mooring.kernel.account.TokenRefreshed");

    private EventUpcasters() {
    }

    /** Whether events of this stored type name may be found without a revision. */
    static boolean storedWithoutRevision(String typeName) {
        return STORED_WITHOUT_REVISION.contains(typeName);
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                new FirstRevisionUpcaster(STORED_WITHOUT_REVISION),
                new AccountConnectedClearProfileUpcaster(),
                new AccountConnectedImportedUpcaster());
    }
}
