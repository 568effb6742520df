package dev.mooring.api.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.mooring.kernel.FrontDoor;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of design.md, kept by tests rather than by good intentions. */
@AnalyzeClasses(packages = "dev.mooring", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule sharedKernelUsesOnlyMessageAndJacksonAnnotations = classes()
            .that().resideInAPackage("dev.mooring.kernel..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "dev.mooring.kernel..", "com.fasterxml.jackson.annotation..",
                    "org.axonframework.modelling.command..", "org.axonframework.serialization..")
            .because("shared-kernel holds only messages and value types");

    @ArchTest
    static final ArchRule sharedKernelIsFreeOfSpring = noClasses()
            .that().resideInAPackage("dev.mooring.kernel..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    @ArchTest
    static final ArchRule commandSideNeverImportsQuerySide = noClasses()
            .that().resideInAPackage("dev.mooring.command..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mooring.query..", "dev.mooring.api..")
            .because("the two sides meet only through messages in shared-kernel");

    @ArchTest
    static final ArchRule querySideNeverImportsCommandSide = noClasses()
            .that().resideInAPackage("dev.mooring.query..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mooring.command..", "dev.mooring.api..")
            .because("the two sides meet only through messages in shared-kernel");

    @ArchTest
    static final ArchRule theAggregateDoesNoIoAndReadsNoClock = noClasses()
            .that().haveSimpleName("PlatformAccount")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.io..", "java.net..", "java.sql..", "org.jdbi..", "org.springframework.jdbc..",
                    "dev.mooring.command.vault..")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callConstructor(SecureRandom.class)
            .because("command handlers decide from the command and state alone; I/O, time and ids are injected");

    @ArchTest
    static final ArchRule apiUsesOnlyTheModulesFrontDoors = noClasses()
            .that().resideInAPackage("dev.mooring.api..")
            .should().dependOnClassesThat(resideInAnyPackage("dev.mooring.command..", "dev.mooring.query..")
                    .and(DescribedPredicate.not(behindAFrontDoor())))
            .because("command-side and query-side show api only their @FrontDoor types; the rest may change freely");

    @ArchTest
    static final ArchRule onlyConfigurationReadsTheSystemClock = noClasses()
            .that().resideOutsideOfPackage("dev.mooring.api.config..")
            .should().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("everything reads the one injected Clock, which tests may replace");

    /**
     * What the saga consults besides Axon: pure decisions on times and settings, and
     * {@code RefreshRequests}, through which it only asks for a refresh; the work runs on the
     * refresher's own threads, outside the deadline's transaction.
     */
    private static final DescribedPredicate<JavaClass> LIFECYCLE_DECISIONS = DescribedPredicate.describe(
            "what the saga consults", type -> type.getPackageName().equals("dev.mooring.command.lifecycle")
                    && Set.of("RefreshPolicy", "RefreshPlan", "RetryBackoff", "LifecycleProperties", "TokenTimes",
                            "RefreshRequests")
                    .contains(type.getSimpleName()));

    @ArchTest
    static final ArchRule sagasAndAggregatesDoNoIo = classes()
            .that().areAnnotatedWith(Saga.class).or().areAnnotatedWith(Aggregate.class)
            .should().onlyDependOnClassesThat(resideInAnyPackage(
                    "java.lang", "java.util..", "java.time..", "dev.mooring.kernel..",
                    "com.fasterxml.jackson.annotation..", "org.axonframework.commandhandling..",
                    "org.axonframework.deadline..", "org.axonframework.eventhandling..",
                    "org.axonframework.eventsourcing..", "org.axonframework.modelling..",
                    "org.axonframework.serialization..", "org.axonframework.spring.stereotype..")
                    .or(LIFECYCLE_DECISIONS))
            .because("they decide from messages and their own state; sending commands and scheduling deadlines "
                    + "go through Axon, and every call to a platform or the database is made by a service");

    @ArchTest
    static final ArchRule whatTheSagaConsultsDoesNoIo = noClasses()
            .that(LIFECYCLE_DECISIONS)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.io..", "java.net..", "java.sql..", "javax.sql..", "org.jdbi..", "org.springframework.jdbc..",
                    "org.springframework.web..", "org.apache.hc..", "dev.mooring.command.platform..",
                    "dev.mooring.command.vault..", "dev.mooring.command.connect..")
            .because("a saga that does no I/O itself must not do it through what it consults");

    /** A {@link FrontDoor} type or one nested in it (a flow's outcome types). */
    private static DescribedPredicate<JavaClass> behindAFrontDoor() {
        return DescribedPredicate.describe("@FrontDoor types", type -> isFrontDoor(type));
    }

    private static boolean isFrontDoor(JavaClass type) {
        if (type.isAnnotatedWith(FrontDoor.class)) {
            return true;
        }
        return type.getEnclosingClass().map(ArchitectureTest::isFrontDoor).orElse(false);
    }
}
