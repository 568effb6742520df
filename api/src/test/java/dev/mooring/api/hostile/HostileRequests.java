package dev.mooring.api.hostile;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.api.hostile.HostileRoutes.Access;
import dev.mooring.api.hostile.HostileRoutes.Route;
import dev.mooring.api.support.MooringTest;
import dev.mooring.kernel.Platform;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whole requests a hostile client sends to Mooring: a route, its path ids, query, body and credential. */
final class HostileRequests {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(account|endpoint|delivery|key|platform|token)}");

    /** What the request presents as its credential. */
    enum Credential {
        NONE, MALFORMED, REVOKED_KEY, ADMIN_TOKEN_AS_KEY, CALLER_KEY
    }

    /** One request as sent; {@code tricky} when its path is one the firewall may refuse before anything else. */
    record HostileRequest(Route route, String method, String target, Map<String, String> headers, String body,
                          Credential credential, boolean tricky) {

        /** Whether the credential lets this request in; the suite never holds the admin token. */
        boolean admitted() {
            return route.access() == Access.PUBLIC || credential == Credential.CALLER_KEY && route.access() != Access.ADMIN;
        }

        /**
         * Whether the path and method need a key or the admin token: every route under /v1 and /admin
         * but the platform's GET back to a connect, which its single-use state authorizes, and the
         * public API description.
         */
        boolean needsCredential() {
            String path = target.split("\\?", 2)[0];
            boolean stateAuthorized = method.equals("GET") && path.matches("/v1/accounts/connect/[^/]+/complete");
            return route.access() != Access.SANDBOX && route.access() != Access.PUBLIC && route.access() != Access.CONNECT_LINK
                    && !stateAuthorized;
        }

        @Override
        public String toString() {
            String shownBody = body == null ? "-" : body.length() > 200 ? body.substring(0, 200) + "...(" + body.length() + ")" : body;
            return route + " as " + method + " " + (target.length() > 300 ? target.substring(0, 300) + "..." : target)
                    + " " + credential + " body=" + shownBody.replace("\u0000", "\\0");
        }
    }

    private final HostileMooring mooring;

    HostileRequests(HostileMooring mooring) {
        this.mooring = mooring;
    }

    Arbitrary<HostileRequest> any() {
        return Arbitraries.of(HostileRoutes.ALL).flatMap(this::to);
    }

    Arbitrary<HostileRequest> to(Route route) {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(route.method())),
                Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE")));
        Arbitrary<Boolean> trick = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        // mostly the caller's valid key, so that most requests reach the route itself
        Arbitrary<Credential> credentials = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Credential.CALLER_KEY)),
                Tuple.of(4, Arbitraries.of(Credential.NONE, Credential.MALFORMED, Credential.REVOKED_KEY, Credential.ADMIN_TOKEN_AS_KEY)));
        return Combinators.combine(method, path(route), query(route), body(route), credentials,
                        headers(route), trick)
                .as((verb, path, query, body, credential, extra, tricked) -> {
                    String target = tricked ? trick(path) : path;
                    Map<String, String> headers = new LinkedHashMap<>(extra);
                    authorization(route.access(), credential).ifPresent(value -> headers.put("Authorization", value));
                    return new HostileRequest(route, verb, target + query, headers, body, credential, tricky(target));
                })
                .flatMap(request -> request.credential() == Credential.MALFORMED
                        ? HostileValues.headerValues().map(garbage -> withAuthorization(request, garbage))
                        : Arbitraries.just(request));
    }

    private static HostileRequest withAuthorization(HostileRequest request, String garbage) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("Authorization", garbage.isEmpty() ? "Bearer" : garbage.length() % 2 == 0 ? "Bearer " + garbage : garbage);
        return new HostileRequest(request.route(), request.method(), request.target(), headers, request.body(),
                request.credential(), request.tricky());
    }

    private Optional<String> authorization(Access access, Credential credential) {
        return Optional.ofNullable(switch (credential) {
            case NONE, MALFORMED -> null;
            case REVOKED_KEY -> "Bearer " + mooring.revokedKey;
            case ADMIN_TOKEN_AS_KEY -> access == Access.ADMIN ? mooring.caller.bearer() : "Bearer " + MooringTest.ADMIN_TOKEN;
            case CALLER_KEY -> access == Access.SANDBOX ? "Basic " + Base64.getEncoder().encodeToString("x:y".getBytes(StandardCharsets.UTF_8))
                    : mooring.caller.bearer();
        });
    }

    /** The template with every placeholder filled: a foreign id, a missing one, or something that is no id. */
    private Arbitrary<String> path(Route route) {
        Matcher placeholders = PLACEHOLDER.matcher(route.template());
        List<String> names = new ArrayList<>();
        while (placeholders.find()) {
            names.add(placeholders.group(1));
        }
        if (names.isEmpty()) {
            return Arbitraries.just(route.template());
        }
        List<Arbitrary<String>> values = names.stream().map(this::pathValue).toList();
        return Combinators.combine(values).as(filled -> {
            Iterator<String> next = filled.iterator();
            return fill(route.template(), placeholder -> next.next());
        });
    }

    /** The template with each placeholder, in order, replaced by the id {@code ids} gives for its name. */
    static String fill(String template, Function<String, String> ids) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(ids.apply(m.group(1))));
        }
        m.appendTail(path);
        return path.toString();
    }

    private Arbitrary<String> pathValue(String placeholder) {
        if (placeholder.equals("platform")) {
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.of(Arrays.stream(Platform.values()).map(Platform::wireName).toList())),
                    Tuple.of(2, HostileValues.offlineShortStrings().map(HostileValues::segment)),
                    Tuple.of(1, Arbitraries.of(HostileValues.SEGMENT_TRICKS)));
        }
        if (placeholder.equals("token")) {
            // a link token of the right shape that names nothing, or anything else
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").ofLength(43)),
                    Tuple.of(3, HostileValues.offlineShortStrings().map(HostileValues::segment)),
                    Tuple.of(1, Arbitraries.of(HostileValues.SEGMENT_TRICKS)),
                    Tuple.of(1, Arbitraries.integers().between(100, 5_000).map("Z"::repeat)));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(foreignId(placeholder))),
                Tuple.of(3, Arbitraries.create(() -> missingId(placeholder))),
                Tuple.of(3, HostileValues.offlineShortStrings().map(HostileValues::segment)),
                Tuple.of(1, Arbitraries.of(HostileValues.SEGMENT_TRICKS)),
                Tuple.of(1, Arbitraries.integers().between(100, 5_000).map(n -> prefix(placeholder) + "Z".repeat(n))));
    }

    String foreignId(String placeholder) {
        return switch (placeholder) {
            case "account" -> mooring.owned.account();
            case "endpoint" -> mooring.owned.endpoint();
            case "delivery" -> mooring.owned.delivery();
            case "key" -> mooring.owned.key();
            default -> throw new IllegalArgumentException(placeholder);
        };
    }

    /** An id of the right shape that names nothing. */
    static String missingId(String placeholder) {
        return prefix(placeholder) + UlidCreator.getMonotonicUlid();
    }

    private static String prefix(String placeholder) {
        return switch (placeholder) {
            case "account" -> "acc_";
            case "endpoint" -> "ep_";
            case "delivery" -> "dlv_";
            case "key" -> "key_";
            default -> "";
        };
    }

    private static Arbitrary<String> query(Route route) {
        if (route.query().isEmpty()) {
            return Arbitraries.just("");
        }
        List<Arbitrary<String>> parameters = route.query().stream().map(name -> Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("")),
                Tuple.of(3, valueOf(name).map(value -> name + "=" + HostileValues.formEncode(value))))).toList();
        return Combinators.combine(parameters).as(parts -> {
            String joined = String.join("&", parts.stream().filter(p -> !p.isEmpty()).toList());
            return joined.isEmpty() ? "" : "?" + joined;
        });
    }

    private static Arbitrary<String> valueOf(String parameter) {
        return switch (parameter) {
            case "cursor" -> HostileValues.cursors();
            case "limit" -> HostileValues.limits();
            case "platform" -> Arbitraries.oneOf(Arbitraries.of("x", "bluesky", "sandbox", "X", " x"), HostileValues.offlineShortStrings());
            case "status" -> Arbitraries.oneOf(Arbitraries.of("active", "expiring", "revoked", "ACTIVE"), HostileValues.offlineShortStrings());
            case "code_challenge_method" -> Arbitraries.oneOf(Arbitraries.just("S256"), HostileValues.offlineShortStrings());
            default -> HostileValues.offlineShortStrings();
        };
    }

    private static Arbitrary<String> body(Route route) {
        return switch (route.body()) {
            case NONE -> Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just((String) null)),
                    Tuple.of(1, HostileValues.jsonBodies(List.of("name", "url"))));
            case JSON -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((String) null)),
                    Tuple.of(12, HostileValues.jsonBodies(route.fields())));
            case FORM -> HostileValues.formBodies(route.fields());
        };
    }

    /** The content type (sometimes a wrong one) and, for the event stream, a hostile {@code Last-Event-ID}. */
    private static Arbitrary<Map<String, String>> headers(Route route) {
        String expected = switch (route.body()) {
            case JSON, NONE -> "application/json";
            case FORM -> "application/x-www-form-urlencoded";
        };
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(expected)),
                Tuple.of(1, Arbitraries.of("text/plain", "application/xml", "application/json; charset=utf-16",
                        "application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=x", "*/*", "garbage")));
        Arbitrary<String> lastEventId = route.template().equals("/v1/events")
                ? Arbitraries.oneOf(HostileValues.headerValues(), Arbitraries.of("-1", "0", "99999999999999999999", "1e3", " 1 "))
                : Arbitraries.just("");
        return Combinators.combine(contentType, lastEventId).as((type, last) -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", type);
            if (!last.isEmpty()) {
                headers.put("Last-Event-ID", last);
            }
            return headers;
        });
    }

    /** Breaks one segment of a path with a spelling routing and a filter could read differently. */
    private static String trick(String path) {
        String[] segments = path.split("/", -1);
        int at = 1 + Math.floorMod(path.hashCode(), Math.max(1, segments.length - 1));
        String trick = HostileValues.SEGMENT_TRICKS.get(Math.floorMod(path.length(), HostileValues.SEGMENT_TRICKS.size()));
        segments[at] = at % 2 == 0 ? segments[at] + trick : trick + segments[at];
        return String.join("/", segments);
    }

    /** Whether a raw path holds anything but plain segments of unreserved characters. */
    static boolean tricky(String path) {
        if (!path.matches("[A-Za-z0-9._~/-]*")) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return path.contains("//");
    }
}
