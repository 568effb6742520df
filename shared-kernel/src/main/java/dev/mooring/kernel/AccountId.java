package dev.mooring.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/** Opaque account identifier, {@code acc_} followed by a ULID. Axon uses {@link #toString()} as the aggregate id. */
public record AccountId(@JsonValue String value) {

    public static final String PREFIX = "acc_";
    private static final Pattern SHAPE = Pattern.compile("acc_[0-9A-Za-z]{1,64}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public AccountId {
        Objects.requireNonNull(value, "account id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an account id");
        }
    }

    /** True when {@code candidate} is shaped like an account id, so callers can answer 404 instead of throwing. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
