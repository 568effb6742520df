package dev.mooring.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The upstream platforms Mooring connects to, by their wire names. */
public enum Platform {
    BLUESKY("bluesky"),
    X("x"),
    LINKEDIN("linkedin"),
    FACEBOOK("facebook"),
    INSTAGRAM("instagram"),
    THREADS("threads"),
    PINTEREST("pinterest"),
    SANDBOX("sandbox");

    private final String wireName;

    Platform(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Platform> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    /** Every wire name, in declaration order: what an error about an unknown platform lists. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Platform::wireName).toList();
    }

    @JsonCreator
    static Platform fromJson(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown platform"));
    }
}
