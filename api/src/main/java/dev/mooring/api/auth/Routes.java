package dev.mooring.api.auth;

import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;

/**
 * Which part of the API a request is for, judged as routing judges it: on the application's path,
 * segment by segment, decoded and without {@code ;} parameters. A raw-path prefix test would let
 * {@code /admin;/...} or {@code /%61dmin/...} past a guard while routing still reaches the route.
 */
public final class Routes {

    private Routes() {
    }

    /** Whether the first segment of the request's path is {@code segment}, as routing matches it. */
    public static boolean under(ServerWebExchange exchange, String segment) {
        for (PathContainer.Element element : exchange.getRequest().getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment first) {
                return first.valueToMatch().equals(segment);
            }
        }
        return false;
    }
}
