package dev.mooring.api.gate;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The workspace a {@code /v1} request acts in: the principal of its API key
 * ({@link dev.mooring.api.gate.credentials.WorkspaceAuthentication}), as a handler parameter of type
 * {@link dev.mooring.kernel.WorkspaceId}. The gate lets no {@code /v1} route run without one.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AuthenticationPrincipal(errorOnInvalidType = true)
public @interface CallerWorkspace {
}
