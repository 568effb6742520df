package dev.mooring.command.platform;

/**
 * What a connector's side of the code exchange came to: the account to connect, or a choice the
 * caller must make first.
 */
public sealed interface ConnectResult permits UpstreamAccount, ChoiceRequired {
}
