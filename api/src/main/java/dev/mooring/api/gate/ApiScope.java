package dev.mooring.api.gate;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an API key may do, chosen when it is created. Each {@code /v1} route needs exactly one scope
 * ({@link ScopedRoutes}); the gate grants a key its scopes as authorities ({@code SCOPE_<wire name>}).
 */
public enum ApiScope {
    ACCOUNTS_READ("accounts:read"),
    ACCOUNTS_WRITE("accounts:write"),
    /** Hands Mooring the tokens another tool held ({@code POST /v1/accounts/import}), as a connect would. */
    ACCOUNTS_IMPORT("accounts:import"),
    CONNECT("connect"),
    PROXY("proxy"),
    TOKENS_READ("tokens:read"),
    WEBHOOKS("webhooks"),
    KEYS("keys");

    /**
     * A key's scopes when none are asked for, and those of every key made before scopes existed:
     * everything but holding a platform token, which must be asked for by name.
     */
    public static final Set<ApiScope> DEFAULTS = Set.copyOf(EnumSet.complementOf(EnumSet.of(TOKENS_READ)));

    private static final String AUTHORITY_PREFIX = "SCOPE_";

    private final String wireName;

    ApiScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The authority the gate asks of a route that needs this scope. */
    public String authority() {
        return AUTHORITY_PREFIX + wireName;
    }

    public static Optional<ApiScope> fromWireName(String name) {
        return Arrays.stream(values()).filter(scope -> scope.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ApiScope::wireName).toList();
    }

    /** Wire names in the enum's order, as keys are listed. */
    public static List<String> wireNames(Set<ApiScope> scopes) {
        return Arrays.stream(values()).filter(scopes::contains).map(ApiScope::wireName).toList();
    }
}
