package dev.mooring.api.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.OAuthConnectFlow;
import org.axonframework.spring.stereotype.Saga;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of {@link ArchitectureTest} catch what they are written against, shown on small offenders. */
class ArchitectureRulesCatchTest {

    @Test
    void apiReachingPastTheFrontDoorIsCaught() {
        assertViolates(ArchitectureTest.apiUsesOnlyTheModulesFrontDoors, UsesAnInternal.class, "ConnectService");
        assertThatCode(() -> ArchitectureTest.apiUsesOnlyTheModulesFrontDoors.check(classes(UsesTheFrontDoor.class)))
                .doesNotThrowAnyException();
    }

    @Test
    void readingTheSystemClockOutsideConfigurationIsCaught() {
        assertViolates(ArchitectureTest.onlyConfigurationReadsTheSystemClock, ReadsTheSystemClock.class, "Instant.now()");
    }

    @Test
    void aSagaDoingIoIsCaught() {
        assertViolates(ArchitectureTest.sagasAndAggregatesDoNoIo, SagaDoingIo.class, "java.net.URI");
    }

    private static void assertViolates(ArchRule rule, Class<?> offender, String evidence) {
        assertThatThrownBy(() -> rule.check(classes(offender)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(offender.getSimpleName())
                .hasMessageContaining(evidence);
    }

    private static JavaClasses classes(Class<?> type) {
        return new ClassFileImporter().importClasses(type);
    }

    static class UsesAnInternal {
        ConnectService service;
    }

    static class UsesTheFrontDoor {
        OAuthConnectFlow flow;
    }

    static class ReadsTheSystemClock {
        Instant when() {
            return Instant.now();
        }
    }

    @Saga
    static class SagaDoingIo {
        URI where() {
            return URI.create("https://example.com");
        }
    }
}
