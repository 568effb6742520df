package dev.mooring.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the few command-side and query-side types the {@code api} module may use (their nested types
 * included); everything else in those modules is an internal that may change without touching
 * {@code api}. ArchitectureTest holds {@code api} to this.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FrontDoor {
}
