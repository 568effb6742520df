package dev.mooring.api.admin;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import java.security.Principal;

/**
 * Carries "this request presented the admin token" from {@link AdminTokenFilter} to the actuator,
 * in the request's Reactor context. Without Spring Security the actuator sees every caller as
 * anonymous ({@link SecurityContext#NONE}), so {@code show-details: when-authorized} would never
 * show anything; this supplies the one principal Mooring knows, the operator.
 */
final class AdminAccess {

    private static final Object KEY = AdminAccess.class;

    /** The operator, as the actuator's {@code when-authorized} checks see it. */
    static final SecurityContext OPERATOR = new SecurityContext() {
        private final Principal principal = () -> "admin";

        @Override
        public Principal getPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "ADMIN".equals(role);
        }
    };

    private AdminAccess() {
    }

    static Context grant(Context context) {
        return context.put(KEY, OPERATOR);
    }

    /** The operator's context when the request carried the admin token, else what the actuator had. */
    static SecurityContext of(ContextView context, SecurityContext otherwise) {
        return context.getOrDefault(KEY, otherwise);
    }
}
