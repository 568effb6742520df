package dev.mooring.api.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param token the bearer token of the operator routes under {@code /admin} ({@code MOORING_ADMIN_TOKEN});
 *              blank turns them off. Separate from API keys, which each belong to one workspace.
 */
@ConfigurationProperties("mooring.admin")
public record AdminProperties(String token) {

    public boolean enabled() {
        return token != null && !token.isBlank();
    }
}
