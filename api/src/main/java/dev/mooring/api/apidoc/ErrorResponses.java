package dev.mooring.api.apidoc;

import dev.mooring.kernel.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The error envelope as a schema whose {@code code} is every {@link ErrorCode}, and on each route
 * one response per status it can fail with, listing its codes ({@code x-error-codes}) as
 * {@link RouteErrors} finds them. Computed from the enum, so a new code is in the document at once.
 */
class ErrorResponses implements OpenApiCustomizer {

    static final String ENVELOPE = "ErrorEnvelope";
    static final String CODES = "x-error-codes";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(ENVELOPE, envelope());
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                describe(operation, RouteErrors.of(HttpMethod.valueOf(method.name()), path, operation))));
        if (openApi.getPaths().get("/v1/accounts/import") != null && openApi.getPaths().get("/v1/accounts/import").getPost() != null) {
            describeImportedItems(openApi.getPaths().get("/v1/accounts/import").getPost());
        }
    }

    /** An import that partly failed answers 207, each failed item with an error of its own. */
    private static void describeImportedItems(Operation operation) {
        ApiResponse itemsFailed = operation.getResponses().get("200") == null ? new ApiResponse()
                : new ApiResponse().content(operation.getResponses().get("200").getContent());
        itemsFailed.description("Multi-Status: some accounts were not imported; each failed item's `error.code` is one of "
                + RouteErrors.ofImportedItem().stream().map(code -> "`" + code.code() + "`").collect(Collectors.joining(", ")));
        itemsFailed.addExtension(CODES, RouteErrors.ofImportedItem().stream().map(ErrorCode::code).toList());
        operation.getResponses().addApiResponse("207", itemsFailed);
    }

    private static void describe(Operation operation, Set<ErrorCode> codes) {
        Map<Integer, List<ErrorCode>> byStatus = codes.stream()
                .collect(Collectors.groupingBy(ErrorCode::httpStatus, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, failing) -> {
            ApiResponse response = new ApiResponse()
                    .description(HttpStatus.valueOf(status).getReasonPhrase() + ": "
                            + failing.stream().map(code -> "`" + code.code() + "`").collect(Collectors.joining(", ")))
                    .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ENVELOPE))));
            response.addExtension(CODES, failing.stream().map(ErrorCode::code).toList());
            operation.getResponses().addApiResponse(String.valueOf(status), response);
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema envelope() {
        Schema<String> code = new StringSchema()._enum(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList())
                .description("stable: clients branch on it (see the table in the description above)");
        Schema body = new ObjectSchema()
                .addProperty("code", code)
                .addProperty("message", new StringSchema().description("what went wrong, for a person"))
                .addProperty("platform", new StringSchema().description("the platform that answered, when one did"))
                .addProperty("remediation", new StringSchema().description("what to do about it, when something can be done"))
                .addProperty("requestId", new StringSchema().description("also in the x-request-id header; quote it to the operator"))
                .required(List.of("code", "message", "requestId"));
        return new ObjectSchema().addProperty("error", body).required(List.of("error"))
                .description("Every error Mooring answers");
    }
}
