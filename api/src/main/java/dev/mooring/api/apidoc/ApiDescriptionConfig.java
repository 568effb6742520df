package dev.mooring.api.apidoc;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.gate.credentials.WorkspaceAuthentication;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The OpenAPI document at {@code /v1/openapi.json} (Swagger UI at {@code /docs}): what springdoc
 * reads from the routes, plus what the code knows and annotations would only repeat: the
 * credentials, each route's area, scope and error codes ({@link RouteAccess}, {@link ErrorResponses}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfig {

    static {
        // filled in by the gate from the API key, never sent by the caller
        SpringDocUtils.getConfig()
                .addAnnotationsToIgnore(CallerWorkspace.class)
                .addRequestWrapperToIgnore(WorkspaceId.class, WorkspaceAuthentication.class);
    }

    @Bean
    OpenAPI mooringApi() {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("Mooring").version("v1").description(description()))
                .components(new Components()
                        .addSecuritySchemes(RouteAccess.API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A workspace's API key: `Authorization: Bearer <api key>`"))
                        .addSecuritySchemes(RouteAccess.ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The operator's MOORING_ADMIN_TOKEN")));
        Arrays.stream(ApiArea.values()).forEach(area -> api.addTagsItem(new Tag().name(area.tag()).description(area.description())));
        return api;
    }

    // first: the others read the paths as the document states them
    @Bean
    @Order(0)
    OpenApiCustomizer wildcardPaths() {
        return new WildcardPaths();
    }

    @Bean
    @Order(1)
    OpenApiCustomizer routeAccess() {
        return new RouteAccess();
    }

    @Bean
    @Order(2)
    OpenApiCustomizer errorResponses() {
        return new ErrorResponses();
    }

    private static String description() {
        return """
                Keeps a workspace's social-platform connections alive. Every route under `/v1` takes \
                `Authorization: Bearer <api key>`, and each needs one scope of the key (see each route). \
                Every error is `{ "error": { "code", "message", "platform"?, "remediation"?, "requestId" } }` \
                with one of these stable codes:

                | code | HTTP status |
                | --- | --- |
                """ + Arrays.stream(ErrorCode.values())
                .map(code -> "| `" + code.code() + "` | " + code.httpStatus() + " |")
                .collect(Collectors.joining("\n"));
    }
}
