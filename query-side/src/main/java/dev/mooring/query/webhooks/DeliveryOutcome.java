package dev.mooring.query.webhooks;

import dev.mooring.kernel.outbound.OutboundRefused;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * What one attempt's result means for the delivery. Retried: no answer (timeout, network error),
 * 408, 429 and 5xx — the receiver may recover. Final: any other non-2xx. 410 Gone also turns the
 * endpoint off: the receiver says it will never want these again.
 */
record DeliveryOutcome(Kind kind, Integer statusCode, String error) {

    public enum Kind { SUCCEEDED, RETRY, FAILED, GONE }

    public static DeliveryOutcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return new DeliveryOutcome(Kind.SUCCEEDED, status, null);
        }
        String error = "the endpoint answered " + status;
        if (status == 410) {
            return new DeliveryOutcome(Kind.GONE, status, error);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome(Kind.RETRY, status, error);
        }
        return new DeliveryOutcome(Kind.FAILED, status, error);
    }

    /** The outbound policy refused the URL: final, and nothing was sent, so nothing about the address is told. */
    public static DeliveryOutcome refused(OutboundRefused refused) {
        return new DeliveryOutcome(Kind.FAILED, null, "not sent: " + refused.getMessage());
    }

    /** No answer came: worth another try, whatever the cause. */
    public static DeliveryOutcome ofFailure(Throwable failure) {
        String error;
        if (failure instanceof SocketTimeoutException || failure instanceof TimeoutException) {
            error = "no answer within the attempt timeout";
        } else if (failure instanceof ConnectException) {
            error = "could not connect to the endpoint";
        } else {
            error = "the request failed: " + failure.getClass().getSimpleName();
        }
        return new DeliveryOutcome(Kind.RETRY, null, error);
    }
}
