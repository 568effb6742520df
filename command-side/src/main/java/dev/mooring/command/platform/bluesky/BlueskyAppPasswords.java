package dev.mooring.command.platform.bluesky;

import java.util.regex.Pattern;

/**
 * What a Bluesky app password looks like ({@code xxxx-xxxx-xxxx-xxxx}): anything else may be the
 * account's main password, which Mooring never takes, whether at a connect or in an import.
 */
public final class BlueskyAppPasswords {

    private static final Pattern APP_PASSWORD = Pattern.compile("[a-zA-Z0-9]{4}(-[a-zA-Z0-9]{4}){3}");

    private BlueskyAppPasswords() {
    }

    public static boolean isShapedLikeOne(String password) {
        return password != null && APP_PASSWORD.matcher(password).matches();
    }
}
