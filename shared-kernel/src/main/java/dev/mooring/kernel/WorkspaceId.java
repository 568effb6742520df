package dev.mooring.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/** The tenant every account, API key and webhook belongs to: {@code ws_} followed by a ULID. */
public record WorkspaceId(@JsonValue String value) {

    public static final String PREFIX = "ws_";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public WorkspaceId {
        Objects.requireNonNull(value, "workspace id");
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a workspace id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
