package dev.mooring.api.limits;

import java.util.function.Function;

/** The routes a workspace may call only so often, each with its own per-workspace rate. */
public enum LimitedAction {
    /** {@code POST /v1/accounts/connect/{platform}} and the Bluesky connect. */
    CONNECT_START("connect starts", LimitsProperties::connectStarts),
    /** {@code POST /v1/accounts/{id}/refresh} and {@code .../verify}: each one calls the platform. */
    ACCOUNT_CHECK("forced refreshes and verifies", LimitsProperties::accountChecks),
    /** {@code POST /v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend}: each one calls the receiver. */
    WEBHOOK_RESEND("webhook resends", LimitsProperties::webhookResends);

    private final String what;
    private final Function<LimitsProperties, Rate> rate;

    LimitedAction(String what, Function<LimitsProperties, Rate> rate) {
        this.what = what;
        this.rate = rate;
    }

    String what() {
        return what;
    }

    Rate rate(LimitsProperties settings) {
        return rate.apply(settings);
    }
}
