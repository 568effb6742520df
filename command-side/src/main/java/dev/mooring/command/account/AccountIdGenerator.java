package dev.mooring.command.account;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;

/** Where new account ids come from; injected so tests can make them predictable. */
@FrontDoor
@FunctionalInterface
public interface AccountIdGenerator {

    AccountId next();

    /** Monotonic ULIDs: ids sort by creation time, which cursor pagination relies on. */
    static AccountIdGenerator ulid() {
        return () -> new AccountId(AccountId.PREFIX + UlidCreator.getMonotonicUlid().toString());
    }
}
