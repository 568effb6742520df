package dev.mooring.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.kernel.ErrorCode;

/** {@code { "error": { "code", "message", "platform"?, "remediation"?, "requestId" } }} */
public record ErrorEnvelope(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(ErrorCode code, String message, String platform, String remediation, String requestId) {
    }
}
