package dev.mooring.api.apidoc;

import org.springframework.http.HttpMethod;

/** What the document needs to tell routes apart, by method and path template. */
final class Routes {

    private Routes() {
    }

    /** The platform's redirect of the user's browser back to Mooring. */
    static boolean isOAuthReturn(HttpMethod method, String path) {
        return HttpMethod.GET.equals(method) && path.matches("/v1/accounts/connect/\\{[^}]+}/complete");
    }

    /** The Connect page and its script's routes: the link's token in the path authorizes them. */
    static boolean isConnectPage(String path) {
        return path.startsWith("/connect/");
    }

    /** The Connect page's routes that connect an account, asking the platform. */
    static boolean connectsFromThePage(String path) {
        return isConnectPage(path) && (path.contains("/oauth/") || path.endsWith("/bluesky") || path.contains("/choice/"));
    }

    static boolean isOperator(String path) {
        return path.startsWith("/admin/");
    }

    static boolean namesAResource(String path) {
        return path.contains("{");
    }

    static boolean isConnect(String path) {
        return path.startsWith("/v1/accounts/connect/");
    }

    /** Routes that ask the account's platform before they answer (besides connecting). */
    static boolean asksThePlatform(String path) {
        return path.endsWith("/refresh") || path.endsWith("/verify") || path.endsWith("/access-token");
    }

    /** The platform proxy, both forms: any method, the platform's own answer on success. */
    static boolean isProxy(String path) {
        return path.startsWith("/v1/accounts/{id}/proxy");
    }

    static boolean isImport(String path) {
        return path.equals("/v1/accounts/import");
    }
}
