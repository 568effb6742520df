package dev.mooring.api.support;

import dev.mooring.api.MooringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real application on a random port over a real (embedded) PostgreSQL in a fresh data
 * directory. Every class with this annotation shares one running instance.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = MooringApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mooring.data-dir=target/test-data/${random.uuid}")
@Import(TestAccounts.class)
public @interface MooringTest {
}
