package dev.mooring.api.web;

import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.limits.LimitedAction;
import dev.mooring.api.limits.LimitsProperties;
import dev.mooring.api.limits.RateLimits;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.events.AccountEvents;
import dev.mooring.query.webhooks.WebhookDeliveries;
import dev.mooring.query.webhooks.WebhookDelivery;
import dev.mooring.query.webhooks.WebhookEndpoint;
import dev.mooring.query.webhooks.WebhookEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The workspace's webhook endpoints, their signing secrets and their delivery log. */
@RestController
@RequestMapping("/v1/webhook-endpoints")
public class WebhookEndpointsController {

    private static final Pattern DELIVERY_ID = Pattern.compile("dlv_[0-9A-Z]{26}");

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookUrls urls;

    private final RateLimits limits;
    private final LimitsProperties quotas;

    WebhookEndpointsController(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookUrls urls,
                               RateLimits limits, LimitsProperties quotas) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.urls = urls;
        this.limits = limits;
        this.quotas = quotas;
    }

    /** @param eventTypes absent means all of them */
    public record CreateEndpoint(String url, List<String> eventTypes, Boolean enabled) {
    }

    /** The one answer that carries the signing secret. */
    public record CreatedEndpoint(String id, String url, List<String> eventTypes, boolean enabled, String disabledReason,
                                  Instant createdAt, Instant updatedAt, String secret) {
    }

    public record ChangeEndpoint(String url, List<String> eventTypes, Boolean enabled) {
    }

    public record EndpointList(List<WebhookEndpoint> data) {
    }

    public record DeliveryList(List<WebhookDelivery> data, String nextCursor) {
    }

    @Operation(operationId = "createWebhookEndpoint", summary = "Register a webhook endpoint; its signing secret is shown once")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<CreatedEndpoint> create(@RequestBody(required = false) CreateEndpoint body, @CallerWorkspace WorkspaceId workspace) {
        if (body == null) {
            throw ApiException.invalid("a JSON body with url is required");
        }
        List<String> types = body.eventTypes() == null ? List.copyOf(new TreeSet<>(AccountEvents.WEBHOOK_TYPES))
                : eventTypes(body.eventTypes());
        boolean enabled = body.enabled() == null || body.enabled();
        // the URL check resolves its host: off the event loop
        return Blocking.call(() -> endpoints.create(workspace, urls.check(body.url()), types, enabled,
                        quotas.webhookEndpointsQuota()))
                .map(created -> {
                    WebhookEndpoint e = created.endpoint();
                    return new CreatedEndpoint(e.id(), e.url(), e.eventTypes(), e.enabled(), e.disabledReason(),
                            e.createdAt(), e.updatedAt(), created.secret());
                });
    }

    @Operation(operationId = "listWebhookEndpoints", summary = "List the workspace's webhook endpoints")
    @GetMapping
    public Mono<EndpointList> list(@CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> new EndpointList(endpoints.list(workspace)));
    }

    @Operation(operationId = "getWebhookEndpoint", summary = "Read a webhook endpoint")
    @GetMapping("/{id}")
    public Mono<WebhookEndpoint> get(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> endpoints.find(workspace, id).orElseThrow(WebhookEndpointsController::notFound));
    }

    @Operation(operationId = "changeWebhookEndpoint", summary = "Change a webhook endpoint's URL, event types or enabled flag")
    @PatchMapping("/{id}")
    public Mono<WebhookEndpoint> change(@PathVariable String id, @RequestBody(required = false) ChangeEndpoint body,
                                        @CallerWorkspace WorkspaceId workspace) {
        if (body == null) {
            throw ApiException.invalid("a JSON body with the fields to change is required");
        }
        List<String> types = body.eventTypes() == null ? null : eventTypes(body.eventTypes());
        // the URL check resolves its host: off the event loop
        return Blocking.call(() -> endpoints.change(workspace, id, new WebhookEndpoints.Change(
                        body.url() == null ? null : urls.check(body.url()), types, body.enabled()))
                .orElseThrow(WebhookEndpointsController::notFound));
    }

    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> endpoints.delete(workspace, id))
                .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(notFound()));
    }

    /** A new secret, shown once; the old one keeps signing beside it until {@code previousSecretExpiresAt}. */
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate the endpoint's signing secret; the old one keeps signing for a while")
    @PostMapping("/{id}/rotate-secret")
    public Mono<WebhookEndpoints.RotatedSecret> rotate(@PathVariable String id, @CallerWorkspace WorkspaceId workspace) {
        return Blocking.call(() -> endpoints.rotate(workspace, id).orElseThrow(WebhookEndpointsController::notFound));
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's deliveries, newest first, with their attempts")
    @GetMapping("/{id}/deliveries")
    public Mono<DeliveryList> deliveries(@PathVariable String id,
                                         @RequestParam(required = false) String limit,
                                         @RequestParam(required = false) String cursor,
                                         @CallerWorkspace WorkspaceId workspace) {
        String before = cursor == null ? null : Cursor.decode(cursor, DELIVERY_ID.asMatchPredicate());
        int size = PageLimit.parse(limit);
        return Blocking.call(() -> deliveries.list(workspace, id, before, size)
                .map(page -> new DeliveryList(page.deliveries(), Cursor.encode(page.nextBefore())))
                .orElseThrow(WebhookEndpointsController::notFound));
    }

    /** Sends the delivery again now, with a fresh retry schedule; the receiver sees the same webhook-id. */
    @Operation(operationId = "resendWebhookDelivery", summary = "Deliver a delivery again")
    @PostMapping("/{id}/deliveries/{deliveryId}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<WebhookDelivery> resend(@PathVariable String id, @PathVariable String deliveryId,
                                        @CallerWorkspace WorkspaceId workspace, ServerWebExchange exchange) {
        limits.take(exchange, workspace, LimitedAction.WEBHOOK_RESEND);
        return Blocking.call(() -> deliveries.resend(workspace, id, deliveryId)
                .orElseThrow(() -> ApiException.notFound("delivery")));
    }

    private static List<String> eventTypes(List<String> requested) {
        Set<String> types = new LinkedHashSet<>(requested);
        if (types.isEmpty() || types.contains(null) || !AccountEvents.WEBHOOK_TYPES.containsAll(types)) {
            throw ApiException.invalid("eventTypes must list one or more of " + new TreeSet<>(AccountEvents.WEBHOOK_TYPES));
        }
        return List.copyOf(types);
    }

    private static ApiException notFound() {
        return ApiException.notFound("webhook endpoint");
    }
}
