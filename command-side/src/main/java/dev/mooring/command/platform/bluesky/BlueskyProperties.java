package dev.mooring.command.platform.bluesky;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Bluesky over the AT Protocol ({@code MOORING_BLUESKY_*}). Accounts live on many servers; these
 * are only where Mooring starts looking.
 *
 * @param serviceUrl the entryway: resolves handles, and takes logins by email (whose PDS is unknown)
 * @param plcUrl     the PLC directory that serves {@code did:plc} documents
 */
@ConfigurationProperties("mooring.bluesky")
record BlueskyProperties(
        @DefaultValue("https://bsky.social") URI serviceUrl,
        @DefaultValue("https://plc.directory") URI plcUrl) {
}
