package dev.mooring.api.apidoc;

import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.gate.ScopedRoutes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

import java.util.List;

/**
 * Who may call each route, as the gate decides it: the tag of its area, the credential, and for an
 * API-key route the scope the key needs, read from {@link ScopedRoutes} (the gate's own rules) so
 * the document cannot drift from what is enforced.
 */
class RouteAccess implements OpenApiCustomizer {

    static final String API_KEY = "apiKey";
    static final String ADMIN_TOKEN = "adminToken";
    static final String REQUIRED_SCOPE = "x-required-scope";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            ApiArea.of(path).ifPresent(area -> operation.setTags(List.of(area.tag())));
            describe(HttpMethod.valueOf(method.name()), path, operation);
        }));
    }

    private static void describe(HttpMethod method, String path, Operation operation) {
        if (Routes.isOAuthReturn(method, path)) {
            operation.setSecurity(List.of()); // the platform's redirect carries no key: its single-use state authorizes it
            return;
        }
        if (Routes.isConnectPage(path)) {
            operation.setSecurity(List.of()); // the end user's browser holds no key: the link's token in the path authorizes it
            String said = "No API key: the Connect page link's token in the path authorizes it.";
            operation.setDescription(operation.getDescription() == null ? said : operation.getDescription() + "\n\n" + said);
            return;
        }
        if (Routes.isOperator(path)) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(ADMIN_TOKEN)));
            return;
        }
        operation.setSecurity(List.of(new SecurityRequirement().addList(API_KEY)));
        ScopedRoutes.scopeOf(method, path).map(ApiScope::wireName).ifPresent(scope -> {
            operation.addExtension(REQUIRED_SCOPE, scope);
            String said = "Needs an API key with the scope `" + scope + "`.";
            operation.setDescription(operation.getDescription() == null ? said : operation.getDescription() + "\n\n" + said);
        });
    }
}
