package dev.mooring.api.platform;

import dev.mooring.api.support.MooringTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real application ({@link MooringTest}) with X, LinkedIn and Pinterest pointed at their test
 * servers and the built-in sandbox on. Every class with this annotation shares one running
 * instance; each test fails if it broke a platform requirement.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@MooringTest
@Import(TestPlatforms.class)
@ExtendWith(FailOnPlatformViolations.class)
public @interface MooringWithTestPlatforms {
}
