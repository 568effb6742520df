package dev.mooring.api.gate;

import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The Content-Security-Policy of each answer. JSON and the sandbox's pages may not be framed; Swagger
 * UI at {@code /docs} runs only its own scripts and styles, served from the jar (no CDN, nothing
 * inline), and calls only this origin when a reader tries a route; so does the Connect page. The
 * dashboard is stricter still: it is our own code, so it needs no inline style, no image but its own,
 * and no HTML built from strings.
 */
final class ContentSecurityPolicies implements ServerHttpHeadersWriter {

    static final String HEADER = "Content-Security-Policy";
    static final String EVERY_ANSWER = "frame-ancestors 'none'";
    /**
     * The one style element Swagger UI's bundle adds at run time, allowed by its hash rather than
     * any inline style; a springdoc upgrade that changes it fails DocsInBrowserTest, which names the new hash.
     */
    static final String SWAGGER_UI_INLINE_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
    // Swagger UI's stylesheet draws its icons as data: SVGs
    static final String API_DESCRIPTION = "default-src 'none'; script-src 'self'; style-src 'self' " + SWAGGER_UI_INLINE_STYLE
            + "; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /**
     * The Connect page runs only its own script and stylesheet and calls only this origin. No form
     * may submit natively: its script sends the app password with fetch, so a page whose script did
     * not run can never put the password into a URL.
     */
    static final String CONNECT_PAGE = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /**
     * The dashboard's scripts are modules from the jar and talk only to this origin; Trusted Types
     * leave no string a way into the DOM as markup (the page builds every element itself), and a
     * platform's avatar URL is never loaded.
     */
    static final String DASHBOARD = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";

    @Override
    public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
        return Mono.zip(GateRoutes.API_DESCRIPTION.matches(exchange), GateRoutes.CONNECT_PAGE.matches(exchange),
                        GateRoutes.DASHBOARD.matches(exchange))
                .doOnNext(matches -> exchange.getResponse().getHeaders().set(HEADER, matches.getT1().isMatch() ? API_DESCRIPTION
                        : matches.getT2().isMatch() ? CONNECT_PAGE : matches.getT3().isMatch() ? DASHBOARD : EVERY_ANSWER)).then();
    }
}
