package dev.mooring.api.sandbox;

import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.command.platform.sandbox.SandboxProperties;
import dev.mooring.api.web.Blocking;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox platform's OAuth 2 authorization server: an authorize page with Allow and Deny, a
 * token endpoint (authorization code with PKCE S256, rotating refresh tokens, HTTP Basic client
 * authentication), a profile endpoint and RFC 7009 revocation. Mooring's sandbox connector talks to
 * it over HTTP, so the whole connect and refresh path runs with no real platform.
 */
@RestController
@RequestMapping("/sandbox")
@ConditionalOnProperty(prefix = "mooring.sandbox", name = "enabled", havingValue = "true")
class SandboxController {

    private final SandboxGrants grants;
    private final SandboxProperties properties;
    private final PublicBaseUrl publicUrl;

    SandboxController(SandboxGrants grants, SandboxProperties properties, PublicBaseUrl publicUrl) {
        this.grants = grants;
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    @GetMapping(value = "/oauth/authorize", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> authorizePage(@RequestParam MultiValueMap<String, String> query, ServerWebExchange exchange) {
        String problem = invalidAuthorization(query.toSingleValueMap());
        if (problem != null) {
            // never redirect to an unverified redirect_uri: say it here instead
            return Mono.just(ResponseEntity.badRequest().contentType(MediaType.TEXT_HTML).body(SandboxPage.error(problem)));
        }
        // the gate's CSRF filter offers the token (and sets its cookie once this is subscribed to)
        Mono<CsrfToken> csrf = exchange.getRequiredAttribute(CsrfToken.class.getName());
        return csrf.map(token -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                .body(SandboxPage.consent(query.toSingleValueMap(), token)));
    }

    @PostMapping(value = "/oauth/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<String>> decide(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Map<String, String> fields = form.toSingleValueMap();
            String problem = invalidAuthorization(fields);
            if (problem != null) {
                return ResponseEntity.badRequest().contentType(MediaType.TEXT_HTML).body(SandboxPage.error(problem));
            }
            UriComponentsBuilder back = UriComponentsBuilder.fromUriString(fields.get("redirect_uri"));
            if (!"allow".equals(fields.get("decision"))) {
                back.queryParam("error", "access_denied").queryParam("error_description", "The user denied the request");
            } else {
                String username = blankToDefault(fields.get("username"), "sandbox-user");
                back.queryParam("code", grants.authorize(username, blankToDefault(fields.get("name"), username),
                        fields.get("redirect_uri"), fields.get("code_challenge")));
            }
            URI location = back.queryParam("state", fields.get("state")).encode(StandardCharsets.UTF_8).build().toUri();
            return ResponseEntity.status(HttpStatus.FOUND).location(location).<String>build();
        }));
    }

    @PostMapping(value = "/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                                    ServerWebExchange exchange) {
        if (!clientAuthenticated(authorization)) {
            return Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sandbox\"")
                    .body(oauthError("invalid_client", "Client authentication failed")));
        }
        return exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Map<String, String> fields = form.toSingleValueMap();
            var issued = switch (String.valueOf(fields.get("grant_type"))) {
                case "authorization_code" -> grants.exchange(fields.get("code"), fields.get("redirect_uri"), fields.get("code_verifier"));
                case "refresh_token" -> grants.refresh(fields.get("refresh_token"));
                default -> null;
            };
            if (issued == null) {
                return ResponseEntity.badRequest().body(oauthError("unsupported_grant_type", "Use authorization_code or refresh_token"));
            }
            return issued.<ResponseEntity<Map<String, Object>>>map(tokens -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("access_token", tokens.accessToken());
                body.put("token_type", "bearer");
                body.put("expires_in", tokens.expiresIn());
                body.put("refresh_token", tokens.refreshToken());
                body.put("refresh_token_expires_in", tokens.refreshExpiresIn());
                body.put("scope", "profile offline");
                return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
            }).orElseGet(() -> ResponseEntity.badRequest().body(oauthError("invalid_grant",
                    "The code or refresh token is invalid, expired, revoked or already used")));
        }));
    }

    @GetMapping(value = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> me(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : null;
        if (token == null) {
            return Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(oauthError("invalid_token", "No bearer token")));
        }
        return Blocking.call(() -> grants.user(token)
                .<ResponseEntity<Map<String, Object>>>map(user -> ResponseEntity.ok(Map.of(
                        "id", user.id(),
                        "username", user.username(),
                        "name", user.name(),
                        "avatarUrl", "https://avatars.sandbox.invalid/" + user.username() + ".png")))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .body(oauthError("invalid_token", "The access token is invalid, expired or revoked"))));
    }

    /** RFC 7009: answers 200 whether or not the token was known. */
    @PostMapping(value = "/oauth/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Void>> revoke(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                      ServerWebExchange exchange) {
        if (!clientAuthenticated(authorization)) {
            return Mono.just(ResponseEntity.status(HttpStatus.UNAUTHORIZED).<Void>build());
        }
        return exchange.getFormData().flatMap(form -> Blocking.run(() -> {
            String token = form.getFirst("token");
            if (token != null) {
                grants.revoke(token);
            }
        })).thenReturn(ResponseEntity.ok().<Void>build());
    }

    private String invalidAuthorization(Map<String, String> fields) {
        if (!properties.clientId().equals(fields.get("client_id"))) {
            return "unknown client_id";
        }
        if (!publicUrl.redirectUri("sandbox").toString().equals(fields.get("redirect_uri"))) {
            return "redirect_uri is not the one registered for this client";
        }
        if (!"code".equals(fields.getOrDefault("response_type", "code"))) {
            return "response_type must be code";
        }
        if (fields.get("state") == null || fields.get("state").isBlank()) {
            return "state is required";
        }
        if (fields.get("code_challenge") == null || !"S256".equals(fields.get("code_challenge_method"))) {
            return "PKCE with code_challenge_method=S256 is required";
        }
        return null;
    }

    private boolean clientAuthenticated(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        String presented;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            // RFC 6749 2.3.1: id and secret arrive form-urlencoded inside the Basic credentials
            presented = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8) + ":"
                    + URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String expected = properties.clientId() + ":" + properties.clientSecret();
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> oauthError(String error, String description) {
        return Map.of("error", error, "error_description", description);
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The two pages a browser sees; every value is HTML-escaped. */
    static final class SandboxPage {
        private SandboxPage() {
        }

        static String consent(Map<String, String> request, CsrfToken csrf) {
            StringBuilder hidden = new StringBuilder();
            hidden.append("<input type=\"hidden\" name=\"").append(HtmlUtils.htmlEscape(csrf.getParameterName()))
                    .append("\" value=\"").append(HtmlUtils.htmlEscape(csrf.getToken())).append("\">\n");
            for (String name : new String[]{"client_id", "redirect_uri", "response_type", "scope", "state",
                    "code_challenge", "code_challenge_method"}) {
                if (request.get(name) != null) {
                    hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                            .append(HtmlUtils.htmlEscape(request.get(name))).append("\">\n");
                }
            }
            return """
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Sandbox: authorize Mooring</title>
                    <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
                    label{display:block;margin:.75rem 0}input[type=text]{width:100%%;padding:.4rem}
                    button{padding:.5rem 1.5rem;margin-right:.5rem}</style></head>
                    <body><h1>Sandbox platform</h1>
                    <p><strong>Mooring</strong> asks to connect your sandbox account (scopes: %s).</p>
                    <form method="post" action="authorize">
                    %s<label>Username <input type="text" name="username" value="sandbox-user"></label>
                    <label>Display name <input type="text" name="name" value="Sandbox User"></label>
                    <button type="submit" name="decision" value="allow">Allow</button>
                    <button type="submit" name="decision" value="deny">Deny</button>
                    </form></body></html>
                    """.formatted(HtmlUtils.htmlEscape(String.valueOf(request.getOrDefault("scope", ""))), hidden);
        }

        static String error(String problem) {
            return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox: invalid request</title>"
                    + "</head><body><h1>Invalid authorization request</h1><p>" + HtmlUtils.htmlEscape(problem) + "</p></body></html>";
        }
    }
}
