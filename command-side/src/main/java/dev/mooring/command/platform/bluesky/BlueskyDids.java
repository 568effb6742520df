package dev.mooring.command.platform.bluesky;

import java.util.regex.Pattern;

/** Which DIDs a Bluesky account can have: the one rule the connect flow and an import both apply. */
public final class BlueskyDids {

    private static final Pattern DID_PLC = Pattern.compile("did:plc:[a-z2-7]{24}");
    /** atproto allows host-level did:web only; a port is percent-encoded ({@code did:web:localhost%3A2583}). */
    static final Pattern DID_WEB = Pattern.compile("did:web:([a-zA-Z0-9.-]+)(%3[aA]([0-9]{1,5}))?");

    private BlueskyDids() {
    }

    public static boolean isAccountDid(String did) {
        return did != null && (DID_PLC.matcher(did).matches() || DID_WEB.matcher(did).matches());
    }
}
