package dev.mooring.command.lifecycle;

import dev.mooring.command.serialization.MooringSerializer;
import dev.mooring.kernel.AccountId;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mooring.command.fixtures.AccountFixture.ACCOUNT;
import static dev.mooring.command.fixtures.AccountFixture.anXAccount;
import static dev.mooring.command.fixtures.CredentialsFixture.refreshableUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sagas stored before deadlines were kept by id (and before they kept the token's times), read
 * back with the application's Jackson settings: their deadlines are found by scope once, then by id.
 * The fixture cannot hold such a saga, so its handlers are called directly.
 */
class LegacyLifecycleSagaTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final String[] ALL = {TokenLifecycleSaga.REFRESH_DUE, TokenLifecycleSaga.WARNING_DUE,
            TokenLifecycleSaga.EXPIRY_DUE, TokenLifecycleSaga.HEALTH_CHECK_DUE};

    private static final LifecycleProperties PROPERTIES = new LifecycleProperties(new LifecycleProperties.Refresh(Map.of()),
            Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), 8);

    private final RecordingDeadlines deadlines = new RecordingDeadlines();

    @Test
    void aLegacySagaCancelsByScopeOnceAndByIdAfterwards() {
        TokenLifecycleSaga saga = legacySaga();

        saga.on(anXAccount().revokedByThePlatform(), deadlines);
        assertThat(deadlines.calls).containsExactly("cancelAllWithinScope " + ALL[0], "cancelAllWithinScope " + ALL[1],
                "cancelAllWithinScope " + ALL[2], "cancelAllWithinScope " + ALL[3]);

        deadlines.calls.clear();
        saga.on(anXAccount().revokedByThePlatform(), deadlines);
        assertThat(deadlines.calls).as("nothing left to find by scope, and no id kept").isEmpty();
    }

    @Test
    void aLegacySagaPlannedAfreshKeepsItsNewDeadlinesById() {
        TokenLifecycleSaga saga = legacySaga();
        Instant expiry = NOW.plus(Duration.ofHours(2));
        saga.on(anXAccount().refreshed(refreshableUntil(expiry)), NOW, deadlines, new RefreshPolicy(PROPERTIES));
        assertThat(deadlines.calls).startsWith("cancelAllWithinScope " + ALL[0])
                .endsWith("schedule " + TokenLifecycleSaga.REFRESH_DUE + " at " + expiry.minus(Duration.ofMinutes(5)) + " #1");

        deadlines.calls.clear();
        saga.on(anXAccount().revokedByThePlatform(), deadlines);
        assertThat(deadlines.calls).containsExactly("cancelSchedule " + TokenLifecycleSaga.REFRESH_DUE + " #1");
    }

    @Test
    void aLegacySagaWithoutTokenTimesLeavesTheDecisionToTheRefresherAndKeepsAWatchdog() {
        TokenLifecycleSaga saga = legacySaga();
        List<String> asked = new ArrayList<>();
        RefreshRequests refreshes = new RefreshRequests() {
            @Override
            public void refreshInBackground(AccountId account) {
                asked.add("refresh " + account.value());
            }

            @Override
            public void verifyInBackground(AccountId account) {
                asked.add("verify " + account.value());
            }
        };

        saga.refreshDue(ACCOUNT, deadlines, new RefreshPolicy(PROPERTIES), new RetryBackoff(PROPERTIES, () -> 0.5), PROPERTIES,
                refreshes, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(asked).containsExactly("refresh " + ACCOUNT.value());
        assertThat(deadlines.calls).containsExactly("schedule " + TokenLifecycleSaga.REFRESH_DUE + " at " + NOW.plusSeconds(45) + " #1");
    }

    private static TokenLifecycleSaga legacySaga() {
        // the saga's fields as the previous version stored them
        String stored = """
                {"accountId":"%s","platform":"x","refreshAt":"2026-12-02T13:55:00Z","expiresAt":"2026-12-02T14:00:00Z"}"""
                .formatted(ACCOUNT.value());
        return MooringSerializer.jackson().deserialize(new SimpleSerializedObject<>(
                stored.getBytes(StandardCharsets.UTF_8), byte[].class, TokenLifecycleSaga.class.getName(), null));
    }

    /** Records what the saga asks of its deadlines; scheduled deadlines get ids #1, #2, ... */
    private static final class RecordingDeadlines implements DeadlineManager {
        private final List<String> calls = new ArrayList<>();
        private int ids;

        @Override
        public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload) {
            String id = "#" + ++ids;
            calls.add("schedule " + deadlineName + " at " + triggerDateTime + " " + id);
            return id;
        }

        @Override
        public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload, ScopeDescriptor scope) {
            return schedule(triggerDateTime, deadlineName, messageOrPayload);
        }

        @Override
        public void cancelSchedule(String deadlineName, String scheduleId) {
            calls.add("cancelSchedule " + deadlineName + " " + scheduleId);
        }

        @Override
        public void cancelAll(String deadlineName) {
            calls.add("cancelAll " + deadlineName);
        }

        @Override
        public void cancelAllWithinScope(String deadlineName) {
            calls.add("cancelAllWithinScope " + deadlineName);
        }

        @Override
        public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
            cancelAllWithinScope(deadlineName);
        }

        @Override
        public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super DeadlineMessage<?>> interceptor) {
            return () -> true;
        }

        @Override
        public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super DeadlineMessage<?>> interceptor) {
            return () -> true;
        }
    }
}
