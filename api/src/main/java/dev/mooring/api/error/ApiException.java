package dev.mooring.api.error;

import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;

/** A failure the client is told about in the error envelope; the message must never hold a secret. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String remediation;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String remediation) {
        super(message, null, false, false);
        this.code = code;
        this.remediation = remediation;
    }

    public ErrorCode code() {
        return code;
    }

    public String remediation() {
        return remediation;
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
