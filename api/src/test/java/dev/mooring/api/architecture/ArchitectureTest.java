package dev.mooring.api.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

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
}
