package dev.mooring.api.proxy;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Locale;

import static org.springframework.web.bind.annotation.RequestMethod.DELETE;
import static org.springframework.web.bind.annotation.RequestMethod.GET;
import static org.springframework.web.bind.annotation.RequestMethod.HEAD;
import static org.springframework.web.bind.annotation.RequestMethod.OPTIONS;
import static org.springframework.web.bind.annotation.RequestMethod.PATCH;
import static org.springframework.web.bind.annotation.RequestMethod.POST;
import static org.springframework.web.bind.annotation.RequestMethod.PUT;

/**
 * The platform proxy, any method, with the {@code proxy} scope: {@code /proxy/{path}} calls the
 * account's platform API at that path, {@code /proxy-url?url=} an upload URL the platform handed
 * out, on a host of its allow-list. Path and URL are checked before anything is read or sent.
 */
@RestController
class ProxyController {

    private final ProxiedCall call;

    ProxyController(ProxiedCall call) {
        this.call = call;
    }

    @Operation(summary = "Call the account's platform API at {path} as the account",
            description = "Any method. The query, body and allow-listed headers pass to the platform with the account's "
                    + "credentials attached; the platform's status, body and allow-listed headers come back, plus "
                    + "`x-mooring-platform-status`. Errors in Mooring's envelope are Mooring's own; the platform's pass as it sent them.")
    @RequestMapping(path = "/v1/accounts/{id}/proxy/**", method = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS})
    Mono<Void> proxy(@PathVariable String id, @CallerWorkspace WorkspaceId workspace, ServerWebExchange exchange) {
        AccountId accountId = accountId(id);
        String prefix = "/v1/accounts/" + id + "/proxy";
        String rawPath = exchange.getRequest().getURI().getRawPath();
        String path = rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : "";
        ProxyPath.refuseTricks(path);
        String query = exchange.getRequest().getURI().getRawQuery();
        return call.forward(workspace, accountId, exchange,
                target -> ProxyPath.resolve(target.base(), path, query, target.authorization().queryParameters()));
    }

    @Operation(summary = "Call an upload URL the account's platform handed out, on a host of its allow-list")
    @RequestMapping(path = "/v1/accounts/{id}/proxy-url", method = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS})
    Mono<Void> proxyUrl(@PathVariable String id, @RequestParam String url, @CallerWorkspace WorkspaceId workspace,
                        ServerWebExchange exchange) {
        AccountId accountId = accountId(id);
        URI target = absolute(url);
        return call.forward(workspace, accountId, exchange, account -> {
            if (!account.uploads().allow(target)) {
                throw new ApiException(ErrorCode.PROXY_HOST_NOT_ALLOWED, "this URL's host is not one "
                        + account.platform().wireName() + " hands out uploads on",
                        "call the platform's API through /proxy/{path}; proxy-url takes only upload URLs its answers gave");
            }
            return ProxyPath.resolve(target, account.authorization().queryParameters());
        });
    }

    private static URI absolute(String url) {
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (Exception malformed) {
            throw new ApiException(ErrorCode.INVALID_PROXY_PATH, "url is not a valid absolute URL");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || parsed.getHost() == null || parsed.getRawUserInfo() != null
                || parsed.getRawFragment() != null) {
            throw new ApiException(ErrorCode.INVALID_PROXY_PATH, "url must be an absolute http(s) URL with a host, no userinfo and no fragment");
        }
        return parsed;
    }

    private static AccountId accountId(String id) {
        if (!AccountId.isWellFormed(id)) {
            throw ApiException.notFound("account");
        }
        return new AccountId(id);
    }
}
