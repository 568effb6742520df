package dev.mooring.query.webhooks;

import dev.mooring.query.webhooks.DeliveryOutcome.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryOutcomeTest {

    @Test
    void twoHundredsSucceed() {
        assertThat(DeliveryOutcome.ofStatus(200).kind()).isEqualTo(Kind.SUCCEEDED);
        assertThat(DeliveryOutcome.ofStatus(204).kind()).isEqualTo(Kind.SUCCEEDED);
    }

    @Test
    void serverErrorsTimeoutsAndRateLimitsAreRetried() {
        for (int status : new int[]{500, 502, 503, 504, 408, 429}) {
            assertThat(DeliveryOutcome.ofStatus(status).kind()).as("status %d", status).isEqualTo(Kind.RETRY);
        }
    }

    @Test
    void otherClientErrorsAndRedirectsAreFinal() {
        for (int status : new int[]{400, 401, 403, 404, 413, 301, 302}) {
            assertThat(DeliveryOutcome.ofStatus(status).kind()).as("status %d", status).isEqualTo(Kind.FAILED);
        }
    }

    @Test
    void goneIsFinalAndSaysSo() {
        DeliveryOutcome gone = DeliveryOutcome.ofStatus(410);
        assertThat(gone.kind()).isEqualTo(Kind.GONE);
        assertThat(gone.statusCode()).isEqualTo(410);
    }

    @Test
    void noAnswerIsRetriedWithoutAStatus() {
        for (Throwable failure : new Throwable[]{new HttpTimeoutException("slow"), new TimeoutException(),
                new ConnectException("refused"), new IOException("reset")}) {
            DeliveryOutcome outcome = DeliveryOutcome.ofFailure(failure);
            assertThat(outcome.kind()).isEqualTo(Kind.RETRY);
            assertThat(outcome.statusCode()).isNull();
            assertThat(outcome.error()).isNotBlank();
        }
    }
}
