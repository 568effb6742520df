package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The credentials are dead (upstream said so) or a caller gave them up; only a reconnect revives the account. */
public record RevokeAccount(@TargetAggregateIdentifier AccountId accountId, ErrorCode code, String reason) {
}
