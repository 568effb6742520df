package dev.mooring.command.platform;

import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;

/** Who the user is upstream and what they authenticate with, as a finished connect learned it. */
public record UpstreamAccount(
        String platformUserId,
        AccountProfile profile,
        PlainCredentials credentials,
        AccountExtensions extensions) implements ConnectResult {
}
