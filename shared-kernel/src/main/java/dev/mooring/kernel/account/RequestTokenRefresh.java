package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks for an upstream refresh of the account's credentials now. Its handler talks to the platform
 * and records the outcome with {@link RefreshToken}.
 *
 * @param workspaceId the caller's workspace when a client asked (checked), absent for the lifecycle
 * @param force       refresh even if the token is not due yet (a client asked); otherwise a request
 *                    that finds the token already refreshed by someone else does nothing
 */
public record RequestTokenRefresh(@TargetAggregateIdentifier AccountId accountId, WorkspaceId workspaceId, boolean force) {
}
