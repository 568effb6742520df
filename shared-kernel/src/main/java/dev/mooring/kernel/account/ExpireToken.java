package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The token that was to die at {@code expiresAt} has reached it. Revokes the account only if those
 * are still its credentials: a refresh or reconnect that landed meanwhile makes this a no-op.
 */
public record ExpireToken(@TargetAggregateIdentifier AccountId accountId, Instant expiresAt) {
}
