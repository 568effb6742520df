package dev.mooring.api.error;

import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;

import java.time.Duration;

/** A failure the client is told about in the error envelope; the message must never hold a secret. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String remediation;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String remediation) {
        this(code, message, remediation, null);
    }

    /** @param retryAfter when asking again may work, sent as {@code Retry-After}; null when unknown */
    public ApiException(ErrorCode code, String message, String remediation, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.remediation = remediation;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public String remediation() {
        return remediation;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    /** The same answer wherever a platform is named (a path or a filter): what exists, never the input. */
    public static ApiException unknownPlatform() {
        return invalid("unknown platform; the platforms are " + String.join(", ", Platform.wireNames()));
    }

    public static ApiException invalid(String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message);
    }
}
