package dev.mooring.command.connect;

import dev.mooring.kernel.FrontDoor;
import java.net.URI;

/** The base URL browsers and platforms reach Mooring at; redirect URIs are built on it. */
@FrontDoor
@FunctionalInterface
public interface PublicBaseUrl {

    URI get();

    /** {@code <public url>/v1/accounts/connect/<platform>/complete}, as registered with each platform. */
    default URI redirectUri(String platform) {
        return URI.create(get().toString().replaceAll("/+$", "") + "/v1/accounts/connect/" + platform + "/complete");
    }
}
