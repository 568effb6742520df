package dev.mooring.api.apidoc;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * OpenAPI has no {@code /**}: a route that takes the rest of the path (the platform proxy) is
 * described with a trailing {@code {path}} parameter, which may hold slashes.
 */
class WildcardPaths implements OpenApiCustomizer {

    static final String WILDCARD = "/**";

    @Override
    public void customise(OpenAPI openApi) {
        Paths renamed = new Paths();
        openApi.getPaths().forEach((path, item) -> {
            if (!path.endsWith(WILDCARD)) {
                renamed.addPathItem(path, item);
                return;
            }
            item.readOperations().forEach(operation -> operation.addParametersItem(new PathParameter().name("path")
                    .schema(new StringSchema())
                    .description("the rest of the path, slashes included, as the platform's API spells it")));
            renamed.addPathItem(path.substring(0, path.length() - WILDCARD.length()) + "/{path}", item);
        });
        openApi.setPaths(renamed);
    }
}
