package dev.mooring.command.platform.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph's usage headers (Facebook, Instagram, Threads), in percent of a budget rather than calls:
 * {@code X-App-Usage} ({@code {"call_count":28,"total_time":25,"total_cputime":25}}) is the family
 * {@code app}; {@code X-Business-Use-Case-Usage} ({@code {"<object id>":[{"type":"pages",
 * "call_count":..,"estimated_time_to_regain_access":<minutes>}]}}) one family per use case type
 * ({@code pages}, {@code instagram}, ...). The percent used is the largest of the three counts;
 * a time to regain access is the reset. Graph throttles by app and by business object, not by
 * endpoint, so every call of the account spends from all of them.
 */
public final class GraphRateLimits implements RateLimitReader {

    public static final String APP = "app";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String family(String path) {
        return APP;
    }

    @Override
    public boolean spendsFrom(String path, String family) {
        return true;
    }

    @Override
    public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
        Map<String, RateLimit> byFamily = new LinkedHashMap<>();
        JsonNode app = parse(headers.getFirst("X-App-Usage"));
        if (app != null && app.isObject()) {
            byFamily.put(APP, usage(APP, app, now));
        }
        JsonNode business = parse(headers.getFirst("X-Business-Use-Case-Usage"));
        if (business != null && business.isObject()) {
            business.forEach(perObject -> perObject.forEach(useCase -> {
                String type = useCase.path("type").asText("");
                if (!type.isBlank() && !type.equals(APP)) {
                    byFamily.merge(type, usage(type, useCase, now), GraphRateLimits::fuller);
                }
            }));
        }
        return new ArrayList<>(byFamily.values());
    }

    private static RateLimit usage(String family, JsonNode counts, Instant now) {
        int percent = Math.max(counts.path("call_count").asInt(0),
                Math.max(counts.path("total_time").asInt(0), counts.path("total_cputime").asInt(0)));
        long regainMinutes = counts.path("estimated_time_to_regain_access").asLong(0);
        return new RateLimit(family, null, null, regainMinutes > 0 ? now.plusSeconds(regainMinutes * 60) : null,
                percent, now);
    }

    /** Of two objects' usage of one use case, the one nearer its limit. */
    private static RateLimit fuller(RateLimit a, RateLimit b) {
        return b.percentUsed() > a.percentUsed() || (b.resetAt() != null && a.resetAt() == null) ? b : a;
    }

    private static JsonNode parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(value);
        } catch (Exception malformed) {
            return null; // a platform's malformed header never fails the call it came with
        }
    }
}
